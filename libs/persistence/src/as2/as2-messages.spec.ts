import { createTestDatabase } from '../testing/test-database';
import { As2Messages } from './as2-messages';

/** The AS2 message log against PostgreSQL: a Message-ID is processed once per partner, by the database. */
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let log: As2Messages;
beforeAll(async () => {
  db = await createTestDatabase();
  log = new As2Messages(db.dataSource);
});
afterAll(() => db.drop());

const message = (partnerId: string, messageId: string) => ({ partnerId, messageId, headers: { 'AS2-From': 'X' }, body: Buffer.from([0x30, 0x80, 0x00]) });

describe('As2Messages', () => {
  it('lets one of two concurrent claims of the same inbound Message-ID win, per partner', async () => {
    const claims = await Promise.all([log.claimInbound(message('p1', '<a@x>')), log.claimInbound(message('p1', '<a@x>'))]);
    expect(claims.filter((c) => c !== null)).toHaveLength(1);
    expect(await log.claimInbound(message('p2', '<a@x>'))).not.toBeNull();
  });

  it('keeps refused attempts without claiming the Message-ID, and gives a released claim back', async () => {
    await log.recordInbound(message('p1', '<b@x>'), 'refused', 'authentication-failed');
    const claim = await log.claimInbound(message('p1', '<b@x>'));
    expect(claim).not.toBeNull();
    await log.releaseInbound(claim as string);
    expect(await log.claimInbound(message('p1', '<b@x>'))).not.toBeNull();
    expect((await log.list('p1', 'inbound')).filter((r) => r.messageId === '<b@x>').map((r) => r.status)).toEqual(['refused', 'processed']);
  });

  it('replaces an outbound message resent under its Message-ID and lists overdue MDNs', async () => {
    const first = await log.recordOutbound(message('p3', '<c@us>'), { status: 'failed', failure: 'HTTP 503' });
    const again = await log.recordOutbound(message('p3', '<c@us>'), { status: 'awaiting-mdn', mdnDueAt: new Date('2026-01-01T00:00:00Z') });
    expect(again).toBe(first);
    expect((await log.overdueMdns(new Date('2026-01-02T00:00:00Z'))).map((r) => r.messageId)).toEqual(['<c@us>']);
    await log.resolveOutbound(first, 'delivered', null);
    expect(await log.overdueMdns(new Date('2026-01-02T00:00:00Z'))).toEqual([]);
  });
});

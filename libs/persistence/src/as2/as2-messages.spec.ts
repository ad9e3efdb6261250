import { createTestDatabase } from '../testing/test-database';
import { As2Messages } from './as2-messages';
import { AsyncMdns } from './async-mdns';

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

  it('stores an asynchronous MDN with the message, sends it only once its message is settled, and records attempts until sent', async () => {
    const mdns = new AsyncMdns(db.dataSource);
    const mdn = (url: string, refused?: string) => ({ contentType: 'multipart/report', body: Buffer.from('mdn'), async: { url, headers: { 'AS2-To': 'p4' }, ...(refused ? { refused } : {}) } });
    const claim = (await log.claimInbound(message('p4', '<d@x>'), mdn('http://p4.example/mdn'))) as string;
    const duplicate = await log.recordInbound(message('p4', '<d@x>'), 'duplicate', null, mdn('http://p4.example/mdn'));
    const refused = await log.recordInbound(message('p4', '<e@x>'), 'refused', 'authentication-failed', mdn('http://elsewhere.example/', 'not the partner\'s host'));
    // The claim's payload is not stored yet: a positive MDN must not go out for it.
    expect([await mdns.toSend(claim), await mdns.pending()]).toEqual([null, [duplicate]]);
    expect(await mdns.toSend(duplicate)).toEqual({ url: 'http://p4.example/mdn', headers: { 'AS2-To': 'p4' }, body: Buffer.from('mdn') });
    await mdns.attempted(duplicate, { error: 'HTTP 503', final: false });
    await mdns.attempted(duplicate, { sent: true });
    await mdns.attempted(duplicate, { error: 'late', final: true });
    expect(await mdns.get(duplicate)).toMatchObject({ status: 'sent', attempts: 2, lastError: null, sentAt: expect.any(Date) });
    expect(await mdns.needingAttention()).toEqual([expect.objectContaining({ id: refused, status: 'refused', lastError: 'not the partner\'s host', attempts: 0 })]);
    expect(await mdns.reopen(refused)).toBeNull();
  });

  it('leaves an MDN failed after the last attempt, for ops to reopen', async () => {
    const mdns = new AsyncMdns(db.dataSource);
    const id = await log.recordInbound(message('p5', '<f@x>'), 'duplicate', null, { contentType: 'multipart/report', body: Buffer.from('mdn'), async: { url: 'http://p5.example/', headers: {} } });
    await mdns.attempted(id, { error: 'connect ECONNREFUSED', final: true });
    expect(await mdns.get(id)).toMatchObject({ status: 'failed', attempts: 1, lastError: 'connect ECONNREFUSED', sentAt: null });
    expect(await mdns.toSend(id)).toBeNull();
    expect(await mdns.reopen(id)).toEqual({ attempts: 1 });
    expect(await mdns.pending()).toContain(id);
  });
});


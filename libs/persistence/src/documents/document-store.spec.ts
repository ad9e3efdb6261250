import { createHash } from 'crypto';
import { DataSource } from 'typeorm';
import { AuditLog } from '../audit/audit-log';
import { createTestDatabase } from '../testing/test-database';
import { canMove } from './document-status';
import { DocumentStateError, DocumentStore } from './document-store';

/** Runs against the real PostgreSQL, in a schema of its own (created and migrated here, dropped after). */
describe('DocumentStore (PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let store: DocumentStore;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = db.dataSource;
    store = new DocumentStore(dataSource);
  });

  afterAll(async () => {
    await db.drop();
  });

  it('stores every received byte with its sha256, exactly as received', async () => {
    const bytes = Buffer.concat([Buffer.from('ISA*00*'), Buffer.from([0x00, 0xff, 0xfe]), Buffer.from('~\r\n')]);
    const { id, sha256, size } = await store.receive({ bytes, transport: 'sftp', partnerId: 'acme-3pl', remoteName: '../../etc/passwd' });
    expect(size).toBe(bytes.length);
    expect(sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect((await store.content(id))?.equals(bytes)).toBe(true);
    expect(await store.findBySha256(sha256)).toEqual([id]);
    expect(await store.get(id)).toMatchObject({ status: 'received', partnerId: 'acme-3pl' });
  });

  it('moves a document along the pipeline and records each step with its reason', async () => {
    const { id } = await store.receive({ bytes: Buffer.from('x'), transport: 'api' });
    await store.moveTo(id, 'parsed');
    await store.moveTo(id, 'failed', 'SE_SEGMENT_COUNT_MISMATCH', [{ code: 'SE_SEGMENT_COUNT_MISMATCH', line: 18 }]);
    await store.moveTo(id, 'received', 'retry by ops');
    expect((await store.history(id)).map((h) => [h.status, h.reason])).toEqual([
      ['received', null], ['parsed', null], ['failed', 'SE_SEGMENT_COUNT_MISMATCH'], ['received', 'retry by ops'],
    ]);
    expect((await store.get(id))?.diagnostics).toEqual([{ code: 'SE_SEGMENT_COUNT_MISMATCH', line: 18 }]);
  });

  it('refuses a move the status model does not allow, and changes nothing', async () => {
    const { id } = await store.receive({ bytes: Buffer.from('y'), transport: 'api' });
    await store.moveTo(id, 'translated');
    await expect(store.moveTo(id, 'parsed')).rejects.toBeInstanceOf(DocumentStateError);
    expect((await store.get(id))?.status).toBe('translated');
    expect((await store.history(id)).map((h) => h.status)).toEqual(['received', 'translated']);
  });

  it('lets the database refuse what code must never write: an unknown status, a size that lies', async () => {
    await expect(dataSource.query(`UPDATE documents SET status = 'done' WHERE true`)).rejects.toThrow(/documents_status_check/);
    await expect(
      dataSource.query(`INSERT INTO raw_documents (id, transport, size, sha256, content) VALUES (gen_random_uuid(), 'api', 5, repeat('0', 64), '\\x00'::bytea)`),
    ).rejects.toThrow(/raw_documents_check/);
  });

  it('keeps the audit log append-only', async () => {
    const audit = new AuditLog(dataSource);
    await audit.record({ actor: 'ops:ana', action: 'retry', targetType: 'document', targetId: 'd1', before: { status: 'failed' }, after: { status: 'received' } });
    expect(await audit.forTarget('document', 'd1')).toEqual([expect.objectContaining({ actor: 'ops:ana', action: 'retry', before: { status: 'failed' }, after: { status: 'received' } })]);
    await expect(dataSource.query(`UPDATE audit_log SET actor = 'someone else'`)).rejects.toThrow(/append-only/);
    await expect(dataSource.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
  });

  it('serialises two concurrent moves of one document: exactly one wins', async () => {
    const { id } = await store.receive({ bytes: Buffer.from('z'), transport: 'api' });
    const results = await Promise.allSettled([store.moveTo(id, 'applied'), store.moveTo(id, 'applied')]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((await store.history(id)).map((h) => h.status)).toEqual(['received', 'applied']);
  });
});

describe('document status model', () => {
  it.each([
    ['received', 'parsed', true], ['parsed', 'acknowledged', true], ['validated', 'received', false], ['applied', 'failed', false],
    ['failed', 'received', true], ['failed', 'parsed', false], ['quarantined', 'received', true], ['ignored', 'received', false], ['received', 'ignored', true],
  ] as const)('%s → %s: %s', (from, to, allowed) => {
    expect(canMove(from, to)).toBe(allowed);
  });
});

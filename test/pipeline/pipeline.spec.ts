import { randomBytes } from 'crypto';
import { join } from 'path';
import { loadConfig } from '@tradewire/config';
import { enqueue } from '@tradewire/jobs';
import { LedgerService } from '@tradewire/inventory';
import { createTestDatabase, DocumentStore } from '@tradewire/persistence';
import { Pipeline, ProfileRegistry, startPipeline } from '@tradewire/pipeline';

/**
 * End to end against the real PostgreSQL (a schema of its own) and Redis (a key prefix of its own):
 * files received, run through intake, translation and apply by BullMQ workers, to balances.
 */
const ROOT = join(__dirname, '..', '..');
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let pipeline: Pipeline;
let store: DocumentStore;
let ledger: LedgerService;

beforeAll(async () => {
  db = await createTestDatabase();
  const profiles = ProfileRegistry.fromDirectories(join(ROOT, 'partner-profiles'), join(ROOT, 'edi-specs', 'guides'));
  pipeline = startPipeline({ dataSource: db.dataSource, redisUrl: loadConfig().redis.url, prefix: `test-${randomBytes(4).toString('hex')}`, profiles, concurrency: 2 });
  store = new DocumentStore(db.dataSource);
  ledger = new LedgerService(db.dataSource);
});

afterAll(async () => {
  await pipeline.close({ obliterate: true });
  await db.drop();
});

const ISA = (control: string) => `ISA*00*          *00*          *ZZ*ACME3PL        *ZZ*TRADEWIREDIST  *261130*0600*U*00401*${control}*0*P*>`;

function acme(control: string, functionalId: string, body: string[]): Buffer {
  const segments = [ISA(control), `GS*${functionalId}*ACME3PL*TRADEWIREDIST*20261130*0600*${Number(control)}*X*004010`, ...body, `GE*1*${Number(control)}`, `IEA*1*${control}`];
  return Buffer.from(segments.join('~\n') + '~\n');
}

function tx(set: string, lines: string[], count = lines.length + 2): string[] {
  return [`ST*${set}*0001`, ...lines, `SE*${count}*0001`];
}

/** Receives a file as the API or a transport would, queues it, and waits until the pipeline is done with it. */
async function deliver(bytes: Buffer, partnerId?: string): Promise<{ id: string; status: string; reason: string | null }> {
  const { id } = await store.receive({ bytes, transport: 'api', ...(partnerId ? { partnerId } : {}) });
  await enqueue(pipeline.queues, 'parse-document', { documentId: id });
  for (let i = 0; i < 200; i++) {
    const doc = await store.get(id);
    const [{ busy }] = await db.dataSource.query(`SELECT count(*) FILTER (WHERE status IN ('accepted', 'translated'))::int AS busy FROM transaction_sets WHERE document_id = $1`, [id]);
    if (doc !== null && ['applied', 'failed', 'quarantined'].includes(doc.status) && busy === 0) return { id, status: doc.status, reason: doc.reason };
    if (doc !== null && doc.status === 'acknowledged' && busy === 0 && i > 5) return { id, status: doc.status, reason: doc.reason };
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`document ${id} did not finish`);
}

const SNAPSHOT = acme('000000501', 'IB', tx('846', ['BIA*00*SI*SNAP-1*20261130*0600', 'N1*WH*ACME DALLAS*92*DAL1', 'LIN*1*VN*ACME-BW-100', 'QTY*17*120*EA', 'LIN*2*VN*ACME-RW-200', 'QTY*17*10*CA', 'CTT*2*130']));
const SHIPPED = acme('000000502', 'SW', tx('945', ['W06*F*SO-1*20261130*BOL-1', 'N1*SF*ACME DALLAS*92*DAL1', 'LX*1', 'W12*CP*30*25*5*EA**VN*ACME-BW-100', 'W03*25']));

describe('the pipeline, end to end', () => {
  it('turns a 3PL snapshot into balances, to the unit (cases become eaches)', async () => {
    expect(await deliver(SNAPSHOT)).toMatchObject({ status: 'applied' });
    expect(await ledger.balance('WIDGET-BLUE', 'DAL-3PL')).toMatchObject({ onHand: '120', availableToPromise: '120' });
    expect(await ledger.balance('WIDGET-RED', 'DAL-3PL')).toMatchObject({ onHand: '120' });
  });

  it('takes a 945 shipment off on hand, and queues the 997 the profile asks for', async () => {
    const { id, status } = await deliver(SHIPPED);
    expect(status).toBe('applied');
    expect(await ledger.balance('WIDGET-BLUE', 'DAL-3PL')).toMatchObject({ onHand: '95', allocated: '0' });
    const [ack] = await db.dataSource.query(`SELECT kind, content FROM outbound_documents WHERE in_reply_to = $1`, [id]);
    expect(ack.kind).toBe('997');
    expect(ack.content.toString()).toContain('AK5*A~');
  });

  it('refuses the same interchange a second time (the database enforces the duplicate policy) and counts nothing twice', async () => {
    expect(await deliver(SHIPPED)).toMatchObject({ status: 'failed', reason: expect.stringContaining('DUPLICATE_INTERCHANGE') });
    expect(await ledger.balance('WIDGET-BLUE', 'DAL-3PL')).toMatchObject({ onHand: '95' });
  });

  it('fails a broken file with its diagnostics, applies nothing, and queues the rejecting 997', async () => {
    const broken = acme('000000503', 'SW', tx('945', ['W06*F*SO-2*20261130*BOL-2', 'N1*SF*ACME DALLAS*92*DAL1', 'LX*1', 'W12*CC*5*5**EA**VN*ACME-BW-100', 'W03*5'], 9));
    const { id, status, reason } = await deliver(broken);
    expect([status, reason]).toEqual(['failed', 'ENVELOPE_ERRORS']);
    const doc = await store.get(id);
    expect((doc?.diagnostics as Array<{ code: string; line: number }>).map((d) => [d.code, d.line])).toEqual([['SE_SEGMENT_COUNT_MISMATCH', 9]]);
    const [ack] = await db.dataSource.query(`SELECT content FROM outbound_documents WHERE in_reply_to = $1`, [id]);
    expect(ack.content.toString()).toContain('AK5*R*4~');
    expect(await ledger.balance('WIDGET-BLUE', 'DAL-3PL')).toMatchObject({ onHand: '95' });
  });

  it('finds the partner of a file whose first ISA comes after a long run of blank lines', async () => {
    const before = Number((await ledger.balance('WIDGET-BLUE', 'DAL-3PL')).onHand);
    const late = acme('000000504', 'SW', tx('945', ['W06*F*SO-4*20261130*BOL-4', 'N1*SF*ACME DALLAS*92*DAL1', 'LX*1', 'W12*CC*2*2*0*EA**VN*ACME-BW-100', 'W03*2']));
    expect(await deliver(Buffer.concat([Buffer.from('\r\n'.repeat(400)), late]))).toMatchObject({ status: 'applied' });
    expect(before - Number((await ledger.balance('WIDGET-BLUE', 'DAL-3PL')).onHand)).toBe(2);
  });

  it('fails an empty file, with a located diagnostic ops can read', async () => {
    const empty = await deliver(Buffer.alloc(0));
    expect(empty).toMatchObject({ status: 'failed', reason: expect.stringContaining('NO_INTERCHANGE') });
    expect((await store.get(empty.id))?.diagnostics).toEqual([expect.objectContaining({ code: 'NO_INTERCHANGE', severity: 'error', offset: 0, line: 1 })]);
  });

  it('fails a file from a partner it does not know, with the reason', async () => {
    const stranger = Buffer.from(SHIPPED.toString().replace('ZZ*ACME3PL        ', 'ZZ*STRANGER       ').replace('SW*ACME3PL', 'SW*STRANGER'));
    expect(await deliver(stranger)).toMatchObject({ status: 'failed', reason: expect.stringContaining('UNKNOWN_PARTNER') });
  });

  it("refuses a file received from one partner that carries another partner's interchange, applying nothing", async () => {
    const before = await ledger.balance('WIDGET-BLUE', 'DAL-3PL');
    const forged = Buffer.from(SHIPPED.toString().replace(/000000502/g, '000000599').replace('*502*', '*599*').replace('GE*1*502', 'GE*1*599'));
    expect(await deliver(forged, 'northwind-supplier')).toMatchObject({ status: 'failed', reason: expect.stringContaining('PARTNER_MISMATCH') });
    expect(await ledger.balance('WIDGET-BLUE', 'DAL-3PL')).toEqual(before);
  });
});

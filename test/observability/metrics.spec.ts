import { randomBytes, randomUUID } from 'crypto';
import { join } from 'path';
import { INestApplication } from '@nestjs/common';
import { loadConfig } from '@tradewire/config';
import { removeRedisLeftovers } from '../support/redis-leftovers';
import { enqueue } from '@tradewire/jobs';
import { ApiKeys, createTestDatabase } from '@tradewire/persistence';
import { OrderService, Pipeline, ProfileRegistry, ProfileStore, scheduleFollowUps, startPipeline, syncProfiles } from '@tradewire/pipeline';
import { DeliveryService, MailboxStore } from '@tradewire/transport';
import { createGatewayApp } from '../../apps/gateway/src/create-app';

/**
 * GET /metrics after real documents went through the workers: an applied 846, a broken 945 (failed,
 * then retried by ops and failed again), a duplicate; an overdue expectation, a failed delivery, a job
 * retry, an oversell. No transport workers run here, so the deliveries queue keeps what is queued.
 */
const ROOT = join(__dirname, '..', '..');
const prefix = `test-${randomBytes(4).toString('hex')}`;
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let pipeline: Pipeline;
let app: INestApplication;
let base: string;
let profiles: ProfileRegistry;
const keys: Record<string, string> = {};
const ids: Record<string, string> = {};
jest.setTimeout(30_000);

function acme(control: string, functionalId: string, set: string[]): string {
  return [
    `ISA*00*          *00*          *ZZ*ACME3PL        *ZZ*TRADEWIREDIST  *261130*0900*U*00401*${control}*0*P*>`,
    `GS*${functionalId}*ACME3PL*TRADEWIREDIST*20261130*0900*${Number(control)}*X*004010`, ...set, `GE*1*${Number(control)}`, `IEA*1*${control}`,
  ].join('~\n') + '~\n';
}

const SNAPSHOT = acme('000000901', 'IB', ['ST*846*0001', 'BIA*00*SI*SNAP-9*20261130*0900', 'N1*WH*ACME DALLAS*92*DAL1', 'LIN*1*VN*ACME-BW-100', 'QTY*17*64*EA', 'CTT*1*64', 'SE*7*0001']);
const BROKEN = acme('000000902', 'SW', ['ST*945*0001', 'W06*F*SO-9*20261130*BOL-9', 'N1*SF*ACME DALLAS*92*DAL1', 'LX*1', 'W12*CC*5*5**EA**VN*ACME-BW-100', 'W03*5', 'SE*9*0001']);

function call(path: string, key?: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${base}${path}`, { ...init, headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(init.headers ?? {}) } });
}

async function upload(body: string): Promise<string> {
  const res = await call('/partners/acme-3pl/documents', keys.ops, { method: 'POST', body, headers: { 'content-type': 'application/edi-x12' } });
  return ((await res.json()) as { id: string }).id;
}

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`never happened: ${what}`);
}

const statusOf = async (id: string): Promise<string> => (await db.dataSource.query(`SELECT status FROM documents WHERE id = $1`, [id]))[0].status;
const failedTimes = async (id: string): Promise<number> => (await db.dataSource.query(`SELECT count(*)::int AS n FROM document_status_history WHERE document_id = $1 AND status = 'failed'`, [id]))[0].n;

/** The exposition as series → value, each series written `name{a="x",b="y"}` with its labels sorted. */
function parse(text: string): Map<string, number> {
  const series = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (m === null) continue;
    const labels = [...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map(([, k, v]) => `${k}="${v}"`).sort();
    series.set(`${m[1]}{${labels.join(',')}}`, Number(m[3]));
  }
  return series;
}

function sample(series: Map<string, number>, name: string, labels: Record<string, string> = {}): number | undefined {
  return series.get(`${name}{${Object.entries(labels).map(([k, v]) => `${k}="${v}"`).sort().join(',')}}`);
}

beforeAll(async () => {
  db = await createTestDatabase();
  profiles = ProfileRegistry.fromDirectories(join(ROOT, 'partner-profiles'), join(ROOT, 'edi-specs', 'guides'));
  await syncProfiles(profiles, new ProfileStore(db.dataSource));
  const redisUrl = loadConfig().redis.url;
  pipeline = startPipeline({ dataSource: db.dataSource, redisUrl, prefix, profiles, concurrency: 2 });
  app = await createGatewayApp({ dataSource: db.dataSource, queues: pipeline.queues, profiles, redisUrl, redisPrefix: prefix }, 4096);
  await app.listen(0, '127.0.0.1');
  base = await app.getUrl();
  const apiKeys = new ApiKeys(db.dataSource);
  keys.ops = (await apiKeys.create('ops desk', 'ops')).key;
  keys.prometheus = (await apiKeys.create('prometheus', 'read-only')).key;
  keys.onboarding = (await apiKeys.create('onboarding desk', 'onboarding')).key;
  keys.acme = (await apiKeys.create('acme portal', 'read-only', 'acme-3pl')).key;

  ids.snapshot = await upload(SNAPSHOT);
  await until(async () => (await statusOf(ids.snapshot)) === 'applied', 'the 846 applied');
  ids.duplicate = await upload(SNAPSHOT);
  ids.broken = await upload(BROKEN);
  await until(async () => (await statusOf(ids.duplicate)) === 'failed' && (await statusOf(ids.broken)) === 'failed', 'the duplicate and the broken file failed');
  // Ops retry the broken file: it fails again, a second failure of the same document.
  expect((await call(`/documents/${ids.broken}/retry`, keys.ops, { method: 'POST' })).status).toBe(200);
  await until(async () => (await failedTimes(ids.broken)) === 2, 'the retried file failed again');

  // A 940 released five hours ago: its 997 (due within 4 h) is overdue as soon as its delayed job fires.
  const fiveHoursAgo = new Date(Date.now() - 5 * 3_600_000);
  const { followUps } = await new OrderService(db.dataSource, profiles, () => fiveHoursAgo).place(
    { orderId: 'SO-M1', warehouse: 'acme-3pl', shipTo: { name: 'STORE 9', address: ['9 MAIN ST'], city: 'DALLAS', state: 'TX', postalCode: '75201', country: 'US' }, lines: [{ sku: 'WIDGET-BLUE', quantity: '1' }], shortage: 'refuse' } as never,
    'test',
  );
  await scheduleFollowUps(pipeline.queues, followUps);
  await until(async () => (await db.dataSource.query(`SELECT 1 FROM expectations WHERE status = 'overdue'`)).length === 1, 'an expectation overdue');

  // The 846's 997 could not be delivered, on its last attempt.
  const [ack] = await db.dataSource.query(`SELECT id FROM outbound_documents WHERE in_reply_to = $1`, [ids.snapshot]);
  const refusing = { transport: 'sftp' as const, accepts: () => true, destination: () => 'sftp://nowhere.example/in', deliver: () => Promise.reject(new Error('connection refused')) };
  await expect(new DeliveryService(db.dataSource, profiles, [refusing]).deliver(ack.id, true)).rejects.toThrow('connection refused');

  // An apply job that fails once (no such event) is retried once by BullMQ, then fails for good.
  await enqueue(pipeline.queues, 'apply-event', { idempotencyKey: 'no-such-event', transactionSetId: randomUUID() }, { attempts: 2, backoff: { type: 'fixed', delay: 100 } });
  await until(async () => (await pipeline.queues['inventory-events'].getJobCounts('failed')).failed === 1, 'the apply job failed twice');

  // What channel availability records when it finds a channel offered more than is available.
  await db.dataSource.query(`INSERT INTO oversell_events (channel, sku, location, offered, available) VALUES ('shopmart-marketplace', 'WIDGET-BLUE', 'DAL-3PL', 70, 64)`);
  await new MailboxStore(db.dataSource).failed('acme-3pl', 'CONNECT: refused', { failuresBeforeOpen: 1, circuitOpenSeconds: 600 });
});

afterAll(async () => {
  await app.close();
  await pipeline.close({ obliterate: true });
  await db.drop();
  await removeRedisLeftovers(prefix, { metrics: true });
});

describe('GET /metrics', () => {
  let text: string;
  let series: Map<string, number>;

  beforeAll(async () => {
    const res = await call('/metrics', keys.prometheus);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain;.*version=0\.0\.4/);
    text = await res.text();
    series = parse(text);
  });

  it('needs a key of role ops or read-only that is not scoped to one partner', async () => {
    expect((await call('/metrics')).status).toBe(401);
    expect((await call('/metrics', keys.onboarding)).status).toBe(403);
    expect((await call('/metrics', keys.acme)).status).toBe(403);
    expect((await call('/metrics', keys.ops)).status).toBe(200);
  });

  it('counts documents received, applied and failed by partner and transaction set, and duplicates refused', () => {
    expect(sample(series, 'tradewire_documents_received_total', { partner: 'acme-3pl' })).toBe(3);
    expect(sample(series, 'tradewire_documents_applied_total', { partner: 'acme-3pl', set: '846' })).toBe(1);
    expect(sample(series, 'tradewire_documents_failed_total', { partner: 'acme-3pl', set: '945' })).toBe(2);
    // The duplicate was refused before its transaction sets were read.
    expect(sample(series, 'tradewire_documents_failed_total', { partner: 'acme-3pl', set: 'none' })).toBe(1);
    expect(sample(series, 'tradewire_duplicates_refused_total', { partner: 'acme-3pl' })).toBe(1);
    expect(sample(series, 'tradewire_documents', { partner: 'acme-3pl', status: 'applied' })).toBe(1);
    expect(sample(series, 'tradewire_documents', { partner: 'acme-3pl', status: 'failed' })).toBe(2);
  });

  it('has the time from receipt to applied as a histogram', () => {
    const labels = { partner: 'acme-3pl', set: '846' };
    expect(sample(series, 'tradewire_receipt_to_applied_seconds_count', labels)).toBe(1);
    expect(sample(series, 'tradewire_receipt_to_applied_seconds_bucket', { ...labels, le: '+Inf' })).toBe(1);
    expect(sample(series, 'tradewire_receipt_to_applied_seconds_bucket', { ...labels, le: '86400' })).toBe(1);
    const seconds = sample(series, 'tradewire_receipt_to_applied_seconds_sum', labels) as number;
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThan(30);
    expect(text).toContain('# TYPE tradewire_receipt_to_applied_seconds histogram');
  });

  it('counts job retries and operator retries', () => {
    expect(sample(series, 'tradewire_job_retries_total', { queue: 'inventory-events', job: 'apply-event' })).toBe(1);
    expect(sample(series, 'tradewire_operator_retries_total', { action: 'retry' })).toBe(1);
  });

  it('reports each queue’s depth by state and the age of its oldest waiting job', async () => {
    const [{ outbound }] = await db.dataSource.query(`SELECT count(*)::int AS outbound FROM outbound_documents`);
    // Nobody works the deliveries queue here: every acknowledgment and the 940 still wait.
    expect(sample(series, 'tradewire_queue_jobs', { queue: 'outbound-deliveries', state: 'waiting' })).toBe(outbound);
    expect(sample(series, 'tradewire_queue_oldest_waiting_seconds', { queue: 'outbound-deliveries' })).toBeGreaterThan(0);
    expect(sample(series, 'tradewire_queue_jobs', { queue: 'inventory-events', state: 'failed' })).toBe(1);
    // Every pending expectation (the order's 945, due in ACME's 48 hours; the channel's 999 for its 846) waits as a delayed job.
    const [{ pending }] = await db.dataSource.query(`SELECT count(*)::int AS pending FROM expectations WHERE status = 'pending'`);
    expect(pending).toBeGreaterThanOrEqual(1);
    expect(sample(series, 'tradewire_queue_jobs', { queue: 'acknowledgment-expectations', state: 'delayed' })).toBe(pending);
    expect(sample(series, 'tradewire_queue_jobs', { queue: 'inbound-documents', state: 'waiting' })).toBe(0);
    expect(sample(series, 'tradewire_queue_oldest_waiting_seconds', { queue: 'inbound-documents' })).toBe(0);
  });

  it('reports overdue acknowledgments, failed deliveries, open variances, oversells and SFTP circuits', async () => {
    expect(sample(series, 'tradewire_acknowledgments_overdue', { partner: 'acme-3pl', kind: 'functional-ack' })).toBe(1);
    expect(sample(series, 'tradewire_acknowledgments_overdue_total', { partner: 'acme-3pl', kind: 'functional-ack' })).toBe(1);
    expect(sample(series, 'tradewire_deliveries_failed', { partner: 'acme-3pl', transport: 'sftp' })).toBe(1);
    const [{ open }] = await db.dataSource.query(`SELECT count(*)::int AS open FROM reconciliation_variances WHERE NOT resolved`);
    expect(open).toBeGreaterThan(0);
    expect(sample(series, 'tradewire_reconciliation_variances_open', { partner: 'acme-3pl' })).toBe(open);
    expect(sample(series, 'tradewire_oversell_events_total', { partner: 'shopmart-marketplace' })).toBe(1);
    expect(sample(series, 'tradewire_sftp_circuit_state', { partner: 'acme-3pl' })).toBe(2);
    expect(sample(series, 'tradewire_sftp_consecutive_failures', { partner: 'acme-3pl' })).toBe(1);
  });

  it('keeps label values bounded: no document, SKU or order in any series', () => {
    for (const id of Object.values(ids)) expect(text).not.toContain(id);
    expect(text).not.toMatch(/WIDGET-BLUE|SO-M1/);
  });

  it('gives each app instance its own registry, so two gateways in one process both answer', async () => {
    const other = await createGatewayApp({ dataSource: db.dataSource, queues: pipeline.queues, profiles, redisUrl: loadConfig().redis.url, redisPrefix: `${prefix}-other` }, 4096);
    await other.listen(0, '127.0.0.1');
    const res = await fetch(`${await other.getUrl()}/metrics`, { headers: { authorization: `Bearer ${keys.prometheus}` } });
    await other.close();
    expect(sample(parse(await res.text()), 'tradewire_documents_received_total', { partner: 'acme-3pl' })).toBe(3);
  });
});

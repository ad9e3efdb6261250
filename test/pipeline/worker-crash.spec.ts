import { ChildProcess, execFileSync, spawn } from 'child_process';
import { randomBytes } from 'crypto';
import { existsSync } from 'fs';
import { join } from 'path';
import { Queue } from 'bullmq';
import { idempotencyKey } from '@tradewire/canonical';
import { loadConfig } from '@tradewire/config';
import { enqueue, QUEUES, QueueName, redisConnection } from '@tradewire/jobs';
import { LedgerService } from '@tradewire/inventory';
import { createTestDatabase, DocumentStore } from '@tradewire/persistence';

/**
 * Exactly-once under crashes: worker processes (the real `npm run worker` entry point) are killed with
 * SIGKILL in the middle of the work and others take over; every shipment is counted once.
 */
const ROOT = join(__dirname, '..', '..');
const WORKER = join(ROOT, 'dist', 'apps', 'worker', 'main.js');
const DOCUMENTS = 30;
jest.setTimeout(90_000);

let db: Awaited<ReturnType<typeof createTestDatabase>>;
const prefix = `test-${randomBytes(4).toString('hex')}`;
const redis = redisConnection(loadConfig().redis.url, 'worker');
let queues: Record<QueueName, Queue>;
const workers: ChildProcess[] = [];

beforeAll(async () => {
  if (!existsSync(WORKER)) execFileSync('node', ['scripts/build.js'], { cwd: ROOT });
  db = await createTestDatabase();
  queues = Object.fromEntries(Object.values(QUEUES).map((name) => [name, new Queue(name, { connection: redis, prefix })])) as Record<QueueName, Queue>;
});

afterAll(async () => {
  for (const w of workers) w.kill('SIGKILL');
  for (const q of Object.values(queues)) await q.obliterate({ force: true });
  await redis.del(`${prefix}:metrics:events`); // the workers count their delivery retries there
  await Promise.all(Object.values(queues).map((q) => q.close()));
  redis.disconnect();
  await db.drop();
});

function startWorker(): ChildProcess {
  const child = spawn(process.execPath, [WORKER], {
    env: { ...process.env, DATABASE_SCHEMA: db.schema, QUEUE_PREFIX: prefix, WORKER_LOCK_MS: '1500' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  workers.push(child);
  return child;
}

function shipment(n: number): Buffer {
  const control = String(900000000 + n);
  return Buffer.from([
    `ISA*00*          *00*          *ZZ*ACME3PL        *ZZ*TRADEWIREDIST  *261130*0600*U*00401*${control}*0*P*>`,
    `GS*SW*ACME3PL*TRADEWIREDIST*20261130*0600*${n}*X*004010`, 'ST*945*0001', `W06*F*SO-${n}*20261130*BOL-${n}`, 'N1*SF*ACME DALLAS*92*DAL1',
    'LX*1', 'W12*CC*1*1*0*EA**VN*ACME-BW-100', 'W03*1', 'SE*7*0001', `GE*1*${n}`, `IEA*1*${control}`,
  ].join('~\n') + '~\n');
}

async function appliedDocuments(): Promise<number> {
  const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM documents WHERE status = 'applied'`);
  return n;
}

async function until(condition: () => Promise<boolean>, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

it('counts every shipment exactly once when a worker is killed mid-way and two others take over', async () => {
  const ledger = new LedgerService(db.dataSource);
  const source = { partner: 'acme-3pl', interchangeDate: '261130', interchange: '800000000', group: '1', transaction: '0001', set: '846' };
  await ledger.apply({
    type: 'InventorySnapshotReported', version: 1, idempotencyKey: idempotencyKey('InventorySnapshotReported', source), source, occurredAt: '2026-11-30T05:00:00Z', findings: [],
    payload: { location: 'DAL-3PL', asOf: '2026-11-30T05:00:00Z', mode: 'full', lines: [{ line: 1, sku: 'WIDGET-BLUE', partnerItem: { qualifier: 'VN', value: 'ACME-BW-100' }, unit: 'EA', quantities: { 'on-hand': '1000' } }] },
  });
  const store = new DocumentStore(db.dataSource);
  for (let n = 1; n <= DOCUMENTS; n++) {
    const { id } = await store.receive({ bytes: shipment(n), transport: 'api' });
    await enqueue(queues, 'parse-document', { documentId: id });
  }

  const first = startWorker();
  await until(async () => (await appliedDocuments()) >= 3, 30_000);
  first.kill('SIGKILL');
  const killedAt = await appliedDocuments();
  expect(killedAt).toBeLessThan(DOCUMENTS);

  startWorker();
  startWorker();
  await until(async () => (await appliedDocuments()) === DOCUMENTS, 60_000).catch(async (e) => {
    console.log(JSON.stringify(await db.dataSource.query(`SELECT status, reason, count(*) FROM documents GROUP BY 1, 2`)), JSON.stringify(await db.dataSource.query(`SELECT status, count(*) FROM transaction_sets GROUP BY 1`)));
    throw e;
  });

  expect(await ledger.balance('WIDGET-BLUE', 'DAL-3PL')).toMatchObject({ onHand: String(1000 - DOCUMENTS) });
  const [{ events, movements }] = await db.dataSource.query(
    `SELECT (SELECT count(*)::int FROM applied_events WHERE status = 'applied') AS events, (SELECT count(*)::int FROM inventory_movements WHERE bucket = 'onHand') AS movements`,
  );
  expect([events, movements]).toEqual([DOCUMENTS + 1, DOCUMENTS + 1]);
});

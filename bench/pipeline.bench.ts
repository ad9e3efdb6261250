/**
 * `npm run bench:pipeline`: the pipeline (intake → translation → apply, BullMQ workers in this process)
 * against the local PostgreSQL and Redis, in a schema and a queue prefix of its own, dropped after.
 * One JSON object per line: { workload, documents, transactionSets (applied), expectedSets (that should
 * be), seconds, setsPerSec, p50Ms, p95Ms }, latency from receipt to the document applied, then a line
 * with the workload's balance check. `-- --quick` runs smaller workloads. The workers log as in
 * production (LOG_LEVEL, default info: lines per job), to stderr so that stdout stays one object a line.
 */
import { randomBytes } from 'crypto';
import { join } from 'path';
import { loadConfig } from '@tradewire/config';
import { enqueue } from '@tradewire/jobs';
import { createLogger } from '@tradewire/logging';
import { LedgerService } from '@tradewire/inventory';
import { createTestDatabase, DocumentStore } from '@tradewire/persistence';
import { PartnerProfile } from '@tradewire/partners';
import { ProfileRegistry, startPipeline } from '@tradewire/pipeline';

const ROOT = join(__dirname, '..', '..');
const quick = process.argv.includes('--quick');
/** `--workloads 945-small,846,mixed` runs only those (default: all three). */
const only = (() => {
  const i = process.argv.indexOf('--workloads');
  return i < 0 ? null : new Set(process.argv[i + 1].split(','));
})();
const wanted = (name: string) => only === null || only.has(name);
const ISA = (n: number) => `ISA*00*          *00*          *ZZ*ACME3PL        *ZZ*TRADEWIREDIST  *261130*0600*U*00401*${String(n).padStart(9, '0')}*0*P*>`;

/** A file of `sets` 945s, each shipping one WIDGET-BLUE. */
function shipments(n: number, sets: number): Buffer {
  const body: string[] = [];
  for (let s = 1; s <= sets; s++) {
    const lines = [`W06*F*SO-${n}-${s}*20261130*BOL-${n}-${s}`, 'N1*SF*ACME DALLAS*92*DAL1', 'LX*1', 'W12*CC*1*1*0*EA**VN*ACME-BW-100', 'W03*1'];
    body.push(`ST*945*${String(s).padStart(4, '0')}`, ...lines, `SE*${lines.length + 2}*${String(s).padStart(4, '0')}`);
  }
  return Buffer.from([ISA(n), `GS*SW*ACME3PL*TRADEWIREDIST*20261130*0600*${n}*X*004010`, ...body, `GE*${sets}*${n}`, `IEA*1*${String(n).padStart(9, '0')}`].join('~\n') + '~\n');
}

/**
 * A 3PL's full snapshot of `items` distinct items, in one file. The 846 allows at most 10,000 LIN
 * loops per transaction set (X12 004010), so the file carries them as sets of 10,000.
 */
function bigSnapshot(n: number, items: number): { file: Buffer; sets: number; total: number } {
  const sets: string[] = [];
  let total = 0;
  for (let start = 0, s = 1; start < items; start += 10_000, s++) {
    const body = ['BIA*00*SI*BIG*20261130*0700', 'N1*WH*BENCH DALLAS*92*DAL1'];
    const end = Math.min(items, start + 10_000);
    for (let i = start; i < end; i++) {
      body.push(`LIN*${i - start + 1}*VN*P-${i}`, `QTY*17*${(i % 97) + 1}*EA`);
      total += (i % 97) + 1;
    }
    body.push(`CTT*${end - start}`);
    const st = String(s).padStart(4, '0');
    sets.push(`ST*846*${st}`, ...body, `SE*${body.length + 2}*${st}`);
  }
  const count = Math.ceil(items / 10_000);
  const isa = ISA(n).replace('ZZ*ACME3PL        ', 'ZZ*BENCH3PL       ');
  const file = Buffer.from([isa, `GS*IB*BENCH3PL*TRADEWIREDIST*20261130*0700*${n}*X*004010`, ...sets, `GE*${count}*${n}`, `IEA*1*${String(n).padStart(9, '0')}`].join('~\n') + '~\n');
  return { file, sets: count, total };
}

/** A benchmark 3PL whose cross-reference knows every item of the big snapshot. */
function benchPartner(base: PartnerProfile, items: number): PartnerProfile {
  return {
    ...base, id: 'bench-3pl', name: 'Benchmark 3PL',
    interchange: { ...base.interchange, theirs: { qualifier: 'ZZ', id: 'BENCH3PL' }, applicationCodes: undefined },
    crossReferences: {
      items: Array.from({ length: items }, (_, i) => ({ qualifier: 'VN', value: `P-${i}`, sku: `SKU-${i}` })),
      locations: [{ qualifier: '92', value: 'DAL1', location: 'BENCH-DAL' }],
      units: [],
    },
  };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? 0 : Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]);
}

// A reader that stops early (`| head -1`) must not end the run before it drops its schema and queues.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
});

async function main(): Promise<void> {
  const db = await createTestDatabase();
  const profiles = ProfileRegistry.fromDirectories(join(ROOT, 'partner-profiles'), join(ROOT, 'edi-specs', 'guides'));
  const config = loadConfig();
  const logger = createLogger(config.logging, process.stderr);
  const pipeline = startPipeline({ dataSource: db.dataSource, redisUrl: config.redis.url, prefix: `bench-${randomBytes(4).toString('hex')}`, profiles, concurrency: 8, logger });
  const store = new DocumentStore(db.dataSource);
  const ledger = new LedgerService(db.dataSource);
  let control = 1;

  /** Receives and queues the files (at `perSecond` when given), waits until none is in flight, reports. */
  async function run(workload: string, files: Buffer[], expectSets: number, perSecond?: number): Promise<void> {
    const started = Date.now();
    const cpu = process.cpuUsage();
    const ids: string[] = [];
    for (let i = 0; i < files.length; i++) {
      if (perSecond !== undefined) {
        const due = started + (i * 1000) / perSecond;
        if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      }
      const { id } = await store.receive({ bytes: files[i], transport: 'api' });
      ids.push(id);
      await enqueue(pipeline.queues, 'parse-document', { documentId: id });
    }
    // Until nothing is in flight. The whole schema is asked, not this workload's documents by ID: the
    // workloads before it are done, and two counts cost PostgreSQL a millisecond or two, where checking
    // 1,000 IDs every poll cost it several seconds of CPU per run (taken from the pipeline it measures).
    for (;;) {
      const [{ busy }] = await db.dataSource.query(
        `SELECT (SELECT count(*) FROM documents WHERE status IN ('received', 'parsed'))::int + (SELECT count(*) FROM transaction_sets WHERE status IN ('accepted', 'translated'))::int AS busy`,
      );
      if (busy === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const seconds = (Date.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    const latencies = (await db.dataSource.query(
      `SELECT extract(epoch FROM (h.at - d.created_at)) * 1000 AS ms FROM documents d JOIN document_status_history h ON h.document_id = d.id AND h.status = 'applied' WHERE d.id = ANY($1)`,
      [ids],
    )).map((r: { ms: string }) => Number(r.ms));
    const [{ applied }] = await db.dataSource.query(`SELECT count(*)::int AS applied FROM transaction_sets WHERE document_id = ANY($1) AND status = 'applied'`, [ids]);
    // When the last document got through intake (acknowledged): how much of the run the first stage took.
    const [{ intakeMs }] = await db.dataSource.query(
      `SELECT (extract(epoch FROM max(h.at)) * 1000 - $2::float8)::int AS "intakeMs" FROM document_status_history h WHERE h.document_id = ANY($1) AND h.status = 'acknowledged'`,
      [ids, started],
    );
    process.stdout.write(JSON.stringify({ workload, documents: files.length, transactionSets: applied, expectedSets: expectSets, seconds: Math.round(seconds * 100) / 100, setsPerSec: Math.round(applied / seconds), p50Ms: percentile(latencies, 50), p95Ms: percentile(latencies, 95), cpuMsPerSet: Math.round((used.user + used.system) / 10 / Math.max(applied, 1)) / 100, intakeDoneMs: intakeMs }) + '\n');
  }

  try {
    if (wanted('945-small')) await smallShipments();
    if (wanted('846')) await bigSnapshotRun();
    if (wanted('mixed')) await mixedStream();
  } finally {
    await pipeline.close({ obliterate: true });
    await db.drop();
  }

  async function smallShipments(): Promise<void> {
    const files = quick ? 100 : 1000;
    const before = Number((await ledger.balance('WIDGET-BLUE', 'DAL-3PL')).onHand);
    await run('945-small', Array.from({ length: files }, () => shipments(control++, 10)), files * 10);
    const after = Number((await ledger.balance('WIDGET-BLUE', 'DAL-3PL')).onHand);
    process.stdout.write(JSON.stringify({ workload: '945-small', balanceCheck: { shippedUnits: files * 10, onHandChange: before - after, exact: before - after === files * 10 } }) + '\n');
  }

  async function bigSnapshotRun(): Promise<void> {
    const items = quick ? 10_000 : 100_000;
    profiles.replace([...profiles.list(), benchPartner(profiles.byId('acme-3pl') as PartnerProfile, items)]);
    const big = bigSnapshot(control++, items);
    await run(`846-${items}-items`, [big.file], big.sets);
    const [{ onHand }] = await db.dataSource.query(`SELECT sum(on_hand)::text AS "onHand" FROM inventory_balances WHERE location = 'BENCH-DAL'`);
    process.stdout.write(JSON.stringify({ workload: `846-${items}-items`, balanceCheck: { reportedUnits: big.total, onHandTotal: Number(onHand), exact: Number(onHand) === big.total } }) + '\n');
  }

  async function mixedStream(): Promise<void> {
    const mixed: Buffer[] = [];
    const total = quick ? 100 : 500;
    // 1 in 20 re-sends the file before it (5 %), 1 in 50 has a wrong SE01 (2 %); the two never fall on
    // the same file, and a re-sent file is never a broken one (i ≡ 5 mod 20 is never ≡ 49 or 0 mod 50).
    const duplicate = (i: number) => i % 20 === 5;
    const broken = (i: number) => i % 50 === 49;
    for (let i = 0; i < total; i++) {
      if (duplicate(i)) mixed.push(mixed[i - 1]);
      else if (broken(i)) mixed.push(Buffer.from(shipments(control++, 1).toString().replace('SE*7*', 'SE*9*')));
      else mixed.push(shipments(control++, 1));
    }
    const mixedBefore = Number((await ledger.balance('WIDGET-BLUE', 'DAL-3PL')).onHand);
    const good = mixed.filter((_file, i) => !duplicate(i) && !broken(i)).length;
    await run('mixed-5%-duplicates-2%-broken-at-100/s', mixed, good, 100);
    // The whole schema: the workloads before this one send no duplicate and no broken set.
    const [{ duplicates, rejected }] = await db.dataSource.query(
      `SELECT (SELECT count(*)::int FROM interchanges WHERE status = 'duplicate') AS duplicates, (SELECT count(*)::int FROM transaction_sets WHERE status = 'rejected') AS rejected`,
    );
    const mixedAfter = Number((await ledger.balance('WIDGET-BLUE', 'DAL-3PL')).onHand);
    process.stdout.write(JSON.stringify({ workload: 'mixed', duplicatesSent: mixed.filter((_f, i) => duplicate(i)).length, duplicatesRefused: duplicates, brokenSent: mixed.filter((_f, i) => broken(i)).length, setsRejected: rejected, balanceCheck: { goodShipments: good, onHandChange: mixedBefore - mixedAfter, exact: mixedBefore - mixedAfter === good } }) + '\n');
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`bench:pipeline: ${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  },
);

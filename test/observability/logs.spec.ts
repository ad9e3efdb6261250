import { randomBytes } from 'crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Writable } from 'stream';
import { INestApplication } from '@nestjs/common';
import { loadConfig } from '@tradewire/config';
import { removeRedisLeftovers } from '../support/redis-leftovers';
import { enqueue } from '@tradewire/jobs';
import { createLogger } from '@tradewire/logging';
import { ApiKeys, createTestDatabase } from '@tradewire/persistence';
import { Pipeline, ProfileRegistry, ProfileStore, startPipeline, startTransports, syncProfiles, Transports } from '@tradewire/pipeline';
import { createGatewayApp } from '../../apps/gateway/src/create-app';
import { TestSftpServer } from '../support/sftp-server';

/**
 * The logs of one upload, captured from the logger's stream while the API, the stage workers and the
 * delivery worker run: every line about the document carries its id as the correlation id, and none
 * carries the file's content or the API key.
 */
const ROOT = join(__dirname, '..', '..');
const prefix = `test-${randomBytes(4).toString('hex')}`;
const captured: string[] = [];
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let pipeline: Pipeline;
let transports: Transports;
let app: INestApplication;
let base: string;
let key: string;
let profiles: ProfileRegistry;
jest.setTimeout(30_000);

const SNAPSHOT = [
  'ISA*00*          *00*          *ZZ*ACME3PL        *ZZ*TRADEWIREDIST  *261130*1000*U*00401*000000951*0*P*>',
  'GS*IB*ACME3PL*TRADEWIREDIST*20261130*1000*951*X*004010', 'ST*846*0001', 'BIA*00*SI*SNAP-LOG*20261130*1000', 'N1*WH*ACME DALLAS*92*DAL1',
  'LIN*1*VN*ACME-BW-100', 'QTY*17*12*EA', 'CTT*1*12', 'SE*7*0001', 'GE*1*951', 'IEA*1*000000951',
].join('~\n') + '~\n';

interface Line {
  level: string;
  msg: string;
  correlationId?: string;
  queue?: string;
  job?: string;
  [field: string]: unknown;
}

beforeAll(async () => {
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      captured.push(...chunk.toString('utf8').split('\n').filter((l) => l !== ''));
      done();
    },
  });
  const logger = createLogger({ level: 'debug' }, stream);
  db = await createTestDatabase();
  profiles = ProfileRegistry.fromDirectories(join(ROOT, 'partner-profiles'), join(ROOT, 'edi-specs', 'guides'));
  await syncProfiles(profiles, new ProfileStore(db.dataSource));
  const redisUrl = loadConfig().redis.url;
  pipeline = startPipeline({ dataSource: db.dataSource, redisUrl, prefix, profiles, concurrency: 2, logger });
  // ACME's SFTP credential (env:SFTP_ACME_3PL_KEY) is not set here: its 997's delivery fails at once and is retried.
  transports = startTransports({
    dataSource: db.dataSource, redisUrl, prefix, profiles, queues: pipeline.queues, logger, maxDocumentBytes: 1024 * 1024,
    sftp: { pollConcurrency: 1, deliveryConcurrency: 1, connectTimeoutMs: 2_000, failuresBeforeOpen: 5, circuitOpenSeconds: 60 },
  });
  app = await createGatewayApp({ dataSource: db.dataSource, queues: pipeline.queues, profiles, redisUrl, redisPrefix: prefix, logger }, 4096);
  await app.listen(0, '127.0.0.1');
  base = await app.getUrl();
  key = (await new ApiKeys(db.dataSource).create('ops desk', 'ops')).key;
});

afterAll(async () => {
  await app.close();
  await transports.close();
  await pipeline.close({ obliterate: true });
  await db.drop();
  await removeRedisLeftovers(prefix, { metrics: true });
});

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`never happened: ${what}`);
}

describe('structured logs', () => {
  let id: string;
  let lines: Line[];

  beforeAll(async () => {
    const res = await fetch(`${base}/partners/acme-3pl/documents`, { method: 'POST', body: SNAPSHOT, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/edi-x12' } });
    expect(res.status).toBe(202);
    id = ((await res.json()) as { id: string }).id;
    expect(res.headers.get('x-correlation-id')).toBe(id);
    await until(async () => (await db.dataSource.query(`SELECT status FROM documents WHERE id = $1`, [id]))[0].status === 'applied', 'the document applied');
    await until(async () => captured.some((l) => l.includes('"queue":"outbound-deliveries"') && l.includes('"msg":"job failed"')), 'the 997 delivery attempted');
    expect((await fetch(`${base}/documents/${id}`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);
    lines = captured.map((l) => JSON.parse(l) as Line);
  });

  it('writes every line as JSON with a level and a time', () => {
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines) expect(line).toEqual(expect.objectContaining({ level: expect.any(String), time: expect.any(String), msg: expect.any(String) }));
  });

  it('puts the document id as correlation id on every line about the document, from receipt to the delivery of its 997', () => {
    // Other work runs meanwhile (the channel's 846 the snapshot leads to has its own correlation id).
    const mentioning = lines.filter((l) => JSON.stringify(l).includes(id));
    expect(mentioning.length > 0 && mentioning.every((l) => l.correlationId === id)).toBe(true);
    const seen = lines.filter((l) => l.correlationId === id).map((l) => (l.queue === undefined ? l.msg : `${l.queue} ${l.job} ${l.msg}`));
    expect(seen).toEqual(expect.arrayContaining([
      'document received', 'request',
      'inbound-documents parse-document job started', 'inbound-documents parse-document intake done', 'inbound-documents parse-document job completed',
      'transaction-sets translate-transaction-set job completed',
      'inventory-events apply-event event applied', 'inventory-events apply-event job completed',
      'outbound-deliveries deliver-document job failed',
    ]));
  });

  it('logs the upload request with its route, status, duration and key name, and the job lines with attempt and duration', () => {
    const request = lines.find((l) => l.msg === 'request' && l.method === 'POST');
    expect(request).toEqual(expect.objectContaining({ route: '/partners/:partnerId/documents', status: 202, keyName: 'ops desk', role: 'ops', correlationId: id, durationMs: expect.any(Number) }));
    const read = lines.find((l) => l.msg === 'request' && l.method === 'GET');
    expect(read).toEqual(expect.objectContaining({ route: '/documents/:id', status: 200, correlationId: id }));
    const applied = lines.find((l) => l.queue === 'inventory-events' && l.msg === 'job completed');
    expect(applied).toEqual(expect.objectContaining({ job: 'apply-event', attempt: 1, durationMs: expect.any(Number), correlationId: id }));
    const delivery = lines.find((l) => l.queue === 'outbound-deliveries' && l.msg === 'job failed');
    expect(delivery).toEqual(expect.objectContaining({ level: 'warn', willRetry: true, error: expect.objectContaining({ name: 'SftpConnectError', message: expect.stringContaining('CREDENTIAL') }) }));
  });

  it('never writes the raw EDI, the API key or the authorization header', () => {
    const all = captured.join('\n');
    for (const fragment of ['ISA*', 'LIN*1*VN*ACME-BW-100', 'SNAP-LOG', 'QTY*17', key, 'Bearer']) expect(all).not.toContain(fragment);
  });
});

describe('structured logs of a file an SFTP poll receives', () => {
  const password = `pw-${randomBytes(8).toString('hex')}`;
  const passwordEnv = `SFTP_LOG_TEST_PASSWORD_${randomBytes(3).toString('hex')}`;
  const root = mkdtempSync(join(tmpdir(), 'tw-log-sftp-'));
  const file = SNAPSHOT.replace(/000000951/g, '000000952').replace(/\*951\*/, '*952*').replace('GE*1*951', 'GE*1*952');
  let server: TestSftpServer;
  let id: string;
  let mine: Line[];

  beforeAll(async () => {
    for (const d of ['outbox/to-tradewire', 'outbox/archive', 'inbox/from-tradewire']) mkdirSync(join(root, d), { recursive: true });
    process.env[passwordEnv] = password;
    server = await new TestSftpServer({ root, username: 'tradewire', password }).start();
    profiles.replace(profiles.list().map((p) => (p.id !== 'acme-3pl' ? p : {
      ...p,
      transports: { sftp: {
        host: '127.0.0.1', port: server.port, username: 'tradewire', credential: `env:${passwordEnv}`, hostKeyFingerprint: server.hostKeyFingerprint,
        directories: { inbound: '/outbox/to-tradewire', outbound: '/inbox/from-tradewire', archive: '/outbox/archive' },
        filePattern: '*.edi', pollIntervalSeconds: 60, stability: 'temporary-name', afterPickup: 'archive',
      } },
    })));
    writeFileSync(join(root, 'outbox/to-tradewire/snapshot-952.edi'), file);
    await enqueue(pipeline.queues, 'poll-mailbox', { partnerId: 'acme-3pl', request: 'log-test' });
    const received = async () => captured.map((l) => JSON.parse(l) as Line).find((l) => l.msg === 'document received' && l.transport === 'sftp');
    await until(async () => (await received()) !== undefined, 'the poll received the file');
    id = (await received())?.correlationId as string;
    const delivered = (l: Line) => l.queue === 'outbound-deliveries' && l.msg === 'job completed' && l.correlationId === id;
    await until(async () => captured.some((l) => delivered(JSON.parse(l) as Line)), 'its 997 delivered');
    mine = captured.map((l) => JSON.parse(l) as Line).filter((l) => l.correlationId === id || JSON.stringify(l).includes(id));
  });

  afterAll(async () => {
    await server.stop();
    rmSync(root, { recursive: true, force: true });
    delete process.env[passwordEnv];
  });

  it('follows the document from the poll that received it to the delivery of its 997, under one correlation id', () => {
    expect(mine.every((l) => l.correlationId === id)).toBe(true);
    expect(mine.map((l) => `${l.queue} ${l.job} ${l.msg}`)).toEqual(expect.arrayContaining([
      'sftp-polls poll-mailbox document received',
      'inbound-documents parse-document job completed', 'transaction-sets translate-transaction-set job completed',
      'inventory-events apply-event job completed', 'outbound-deliveries deliver-document job completed',
    ]));
  });

  it('never writes the file, the 997 or the SFTP password', () => {
    const all = captured.join('\n');
    for (const fragment of ['ISA*', 'AK1*', 'SNAP-LOG', password]) expect(all).not.toContain(fragment);
  });
});

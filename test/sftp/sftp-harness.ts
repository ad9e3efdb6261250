import { randomBytes } from 'crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { loadConfig, SftpConfig } from '@tradewire/config';
import { redisConnection } from '@tradewire/jobs';
import { PartnerProfile } from '@tradewire/partners';
import { createTestDatabase } from '@tradewire/persistence';
import { Pipeline, ProfileRegistry, startPipeline, startTransports, Transports } from '@tradewire/pipeline';
import { SftpEndpoint, SftpPoller } from '@tradewire/transport';
import { TestSftpServer } from '../support/sftp-server';

/**
 * What the SFTP suites share: a schema and a queue prefix of their own, the in-process SFTP server
 * serving a temporary directory as ACME's mailbox, the pipeline and the transport workers.
 */
const ROOT = join(__dirname, '..', '..');
export const PASSWORD_ENV = `SFTP_TEST_PASSWORD_${randomBytes(3).toString('hex')}`;
export const SFTP_CONFIG: SftpConfig = { pollConcurrency: 2, deliveryConcurrency: 2, connectTimeoutMs: 20_000, failuresBeforeOpen: 2, circuitOpenSeconds: 600 };

export interface Harness {
  readonly db: Awaited<ReturnType<typeof createTestDatabase>>;
  readonly server: TestSftpServer;
  readonly root: string;
  readonly spoolDir: string;
  readonly profiles: ProfileRegistry;
  readonly pipeline: Pipeline;
  readonly transports: Transports;
  readonly prefix: string;
  /** ACME's profile with its SFTP block pointing at the test server, changed by `change`. */
  setSftp(partnerId: string, change?: Partial<SftpEndpoint>): void;
  /** A poller as another worker process would have it (its own Redis connection). */
  otherPoller(lockPrefix?: string): SftpPoller;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const db = await createTestDatabase();
  const root = mkdtempSync(join(tmpdir(), 'tw-sftp-root-'));
  const spoolDir = mkdtempSync(join(tmpdir(), 'tw-sftp-spool-'));
  for (const d of ['outbox/to-tradewire', 'outbox/archive', 'outbox/error', 'inbox/from-tradewire']) mkdirSync(join(root, d), { recursive: true });
  process.env[PASSWORD_ENV] = 'correct horse battery staple';
  const server = await new TestSftpServer({ root, username: 'tradewire', password: process.env[PASSWORD_ENV] }).start();
  const profiles = ProfileRegistry.fromDirectories(join(ROOT, 'partner-profiles'), join(ROOT, 'edi-specs', 'guides'));
  // Only the partners a test points at the test server have a transport: no poll goes to the examples' hosts.
  profiles.replace(profiles.list().map(({ transports: _, ...p }) => p as PartnerProfile));
  const redisUrl = loadConfig().redis.url;
  const prefix = `test-${randomBytes(4).toString('hex')}`;
  const pipeline = startPipeline({ dataSource: db.dataSource, redisUrl, prefix, profiles, concurrency: 2 });
  const sftp = { ...SFTP_CONFIG, spoolDir };
  // Polls happen when a test asks for them: no schedule timer firing in the middle of a long run.
  const transports = startTransports({ dataSource: db.dataSource, redisUrl, prefix, profiles, queues: pipeline.queues, sftp, maxDocumentBytes: 1024 * 1024, scheduleEveryMs: 3_600_000 });
  const redisConnections: Array<ReturnType<typeof redisConnection>> = [];
  const harness: Harness = {
    db, server, root, spoolDir, profiles, pipeline, transports, prefix,
    setSftp(partnerId, change = {}) {
      const endpoint: SftpEndpoint = {
        host: '127.0.0.1', port: server.port, username: 'tradewire', credential: `env:${PASSWORD_ENV}`, hostKeyFingerprint: server.hostKeyFingerprint,
        directories: { inbound: '/outbox/to-tradewire', outbound: '/inbox/from-tradewire', archive: '/outbox/archive', error: '/outbox/error' },
        filePattern: '*.edi', pollIntervalSeconds: 60, stability: 'size-mtime', afterPickup: 'archive', ...change,
      };
      profiles.replace(profiles.list().map((p) => (p.id === partnerId ? { ...p, transports: { sftp: endpoint } } : p)));
    },
    otherPoller(lockPrefix = prefix) {
      const redis = redisConnection(redisUrl, 'worker');
      redisConnections.push(redis);
      return new SftpPoller({
        dataSource: db.dataSource, profiles, redis, prefix: lockPrefix, maxDocumentBytes: 1024 * 1024, connectTimeoutMs: 20_000, spoolDir,
        breaker: SFTP_CONFIG, onReceived: async () => undefined,
      });
    },
    async close() {
      await transports.close();
      await pipeline.close({ obliterate: true });
      for (const r of redisConnections) r.disconnect();
      await server.stop();
      await db.drop();
      rmSync(root, { recursive: true, force: true });
      rmSync(spoolDir, { recursive: true, force: true });
      delete process.env[PASSWORD_ENV];
    },
  };
  return harness;
}

export async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, tries = 200): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const value = await probe();
    if (value !== null && value !== undefined && value !== false) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export const ISA = (control: string) => `ISA*00*          *00*          *ZZ*ACME3PL        *ZZ*TRADEWIREDIST  *261130*0600*U*00401*${control}*0*P*>`;

/** A 945 from ACME shipping `units` of ACME-BW-100 from Dallas. */
export function shipment(control: string, units: number): string {
  const n = Number(control);
  return [
    ISA(control), `GS*SW*ACME3PL*TRADEWIREDIST*20261130*0600*${n}*X*004010`, 'ST*945*0001', `W06*F*SO-${n}*20261130*BOL-${n}`, 'N1*SF*ACME DALLAS*92*DAL1',
    'LX*1', `W12*CC*${units}*${units}*0*EA**VN*ACME-BW-100`, `W03*${units}`, 'SE*7*0001', `GE*1*${n}`, `IEA*1*${control}`,
  ].join('~\n') + '~\n';
}

/** ACME's full 846 snapshot: `units` of ACME-BW-100 on hand in Dallas. */
export function snapshot(control: string, units: number): string {
  const n = Number(control);
  return [
    ISA(control), `GS*IB*ACME3PL*TRADEWIREDIST*20261130*0600*${n}*X*004010`, 'ST*846*0001', `BIA*00*SI*SNAP-${n}*20261130*0600`, 'N1*WH*ACME DALLAS*92*DAL1',
    'LIN*1*VN*ACME-BW-100', `QTY*17*${units}*EA`, `CTT*1*${units}`, 'SE*7*0001', `GE*1*${n}`, `IEA*1*${control}`,
  ].join('~\n') + '~\n';
}

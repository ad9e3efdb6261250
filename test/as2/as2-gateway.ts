import { randomBytes } from 'crypto';
import { readFileSync } from 'fs';
import { join } from 'path';
import { INestApplication } from '@nestjs/common';
import { Queue } from 'bullmq';
import { parse } from 'yaml';
import { loadConfig } from '@tradewire/config';
import { QueueName, QUEUES, redisConnection } from '@tradewire/jobs';
import { PARTNER_PROFILE, PartnerProfile, PartnerProfileInput } from '@tradewire/partners';
import { createTestDatabase } from '@tradewire/persistence';
import { ProfileRegistry, startTransports, Transports } from '@tradewire/pipeline';
import { As2Identity } from '@tradewire/transport';
import { GatewayDependencies } from '../../apps/gateway/src/app.module';
import { createGatewayApp } from '../../apps/gateway/src/create-app';

type As2Input = NonNullable<NonNullable<PartnerProfileInput['transports']>['as2']>;

/**
 * The gateway on a real port with its own schema and queue prefix, its transport workers as `npm start`
 * runs them (they send the asynchronous MDNs it owes), no pipeline stages (a queued intake job is what
 * "handed to the pipeline" means here), and partner profiles the test adds as it goes.
 */
export interface As2Gateway {
  readonly base: string;
  readonly db: Awaited<ReturnType<typeof createTestDatabase>>;
  readonly queues: Readonly<Record<QueueName, Queue>>;
  /** The transport workers running now, if any. */
  readonly transports: Transports | undefined;
  /** Adds a profile (acme-3pl's EDI settings with this id and AS2 block). */
  addProfile(id: string, as2: As2Input): PartnerProfile;
  /** Stops the transport workers (running jobs finish): what a crash or a deploy leaves behind. */
  stopWorkers(): Promise<void>;
  /** Starts the transport workers again, as a process starting does. */
  startWorkers(): Transports;
  close(): Promise<void>;
}

export interface As2GatewayOptions {
  readonly maxBodyBytes?: number;
  /** The retries of the `send-mdn` jobs the receiver queues (default: jobs.ts's). */
  readonly asyncMdnRetries?: GatewayDependencies['as2AsyncMdnRetries'];
}

const ROOT = join(__dirname, '..', '..');

export async function startAs2Gateway(identity: As2Identity, options: As2GatewayOptions = {}): Promise<As2Gateway> {
  const config = loadConfig();
  const db = await createTestDatabase();
  const prefix = `test-as2-${randomBytes(4).toString('hex')}`;
  const connection = redisConnection(config.redis.url, 'producer');
  const queues = Object.fromEntries(Object.values(QUEUES).map((name) => [name, new Queue(name, { connection, prefix })])) as Record<QueueName, Queue>;
  // Only the profiles a test adds: none of the examples' transports are reached.
  const profiles = ProfileRegistry.fromDirectories(join(ROOT, 'partner-profiles'), join(ROOT, 'edi-specs', 'guides'));
  profiles.replace([]);
  const app: INestApplication = await createGatewayApp(
    { dataSource: db.dataSource, queues, profiles, redisUrl: config.redis.url, redisPrefix: prefix, as2Identity: identity, as2AsyncMdnRetries: options.asyncMdnRetries },
    options.maxBodyBytes ?? 1024 * 1024,
  );
  await app.listen(0, '127.0.0.1');
  const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const template = parse(readFileSync(join(ROOT, 'partner-profiles', 'acme-3pl.yaml'), 'utf8')) as PartnerProfileInput;
  // Polls only when a test asks: no schedule timer firing mid-run.
  const workers = () => startTransports({ dataSource: db.dataSource, redisUrl: config.redis.url, prefix, profiles, queues, sftp: config.sftp, maxDocumentBytes: 1024 * 1024, scheduleEveryMs: 3_600_000 });
  let transports: Transports | undefined = workers();
  return {
    base,
    db,
    queues,
    get transports() {
      return transports;
    },
    addProfile(id, as2) {
      const profile = PARTNER_PROFILE.parse({ ...template, id, transports: { as2 } });
      profiles.replace([...profiles.list(), profile]);
      return profile;
    },
    async stopWorkers() {
      await transports?.close();
      transports = undefined;
    },
    startWorkers() {
      transports = workers();
      return transports;
    },
    async close() {
      await transports?.close();
      await app.close();
      for (const queue of Object.values(queues)) {
        await queue.obliterate({ force: true });
        await queue.close();
      }
      // What lives under the prefix beside the queues: rate-limit buckets and the event counters.
      const left = await connection.keys(`${prefix}:*`);
      if (left.length > 0) await connection.del(...left);
      await connection.quit();
      await db.drop();
    },
  };
}

/** The documents stored for a partner, with their bytes. */
export async function storedPayloads(gateway: As2Gateway, partnerId: string): Promise<Array<{ id: string; content: Buffer }>> {
  return gateway.db.dataSource.query(`SELECT id, content FROM raw_documents WHERE partner_id = $1 ORDER BY received_at`, [partnerId]);
}

export async function queuedDocuments(gateway: As2Gateway): Promise<string[]> {
  const jobs = await gateway.queues[QUEUES.intake].getJobs(['waiting', 'delayed', 'prioritized']);
  return jobs.map((j) => (j.data as { documentId: string }).documentId);
}

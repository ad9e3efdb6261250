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
import { As2Identity } from '@tradewire/transport';
import { createGatewayApp } from '../../apps/gateway/src/create-app';

type As2Input = NonNullable<NonNullable<PartnerProfileInput['transports']>['as2']>;

/**
 * The gateway on a real port with its own schema and queue prefix, no workers (a queued job is what
 * "handed to the pipeline" means here), and partner profiles the test adds as it goes.
 */
export interface As2Gateway {
  readonly base: string;
  readonly db: Awaited<ReturnType<typeof createTestDatabase>>;
  readonly queues: Readonly<Record<QueueName, Queue>>;
  /** Adds a profile (acme-3pl's EDI settings with this id and AS2 block). */
  addProfile(id: string, as2: As2Input): PartnerProfile;
  close(): Promise<void>;
}

const ROOT = join(__dirname, '..', '..');

export async function startAs2Gateway(identity: As2Identity, maxBodyBytes = 1024 * 1024): Promise<As2Gateway> {
  const db = await createTestDatabase();
  const prefix = `test-as2-${randomBytes(4).toString('hex')}`;
  const connection = redisConnection(loadConfig().redis.url, 'producer');
  const queues = Object.fromEntries(Object.values(QUEUES).map((name) => [name, new Queue(name, { connection, prefix })])) as Record<QueueName, Queue>;
  const profiles: PartnerProfile[] = [];
  const lookup = { byId: (id: string) => profiles.find((p) => p.id === id), list: () => profiles, guides: new Map(), replace: () => undefined };
  const app: INestApplication = await createGatewayApp({ dataSource: db.dataSource, queues, profiles: lookup, redisUrl: loadConfig().redis.url, redisPrefix: prefix, as2Identity: identity }, maxBodyBytes);
  await app.listen(0, '127.0.0.1');
  const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const template = parse(readFileSync(join(ROOT, 'partner-profiles', 'acme-3pl.yaml'), 'utf8')) as PartnerProfileInput;
  return {
    base,
    db,
    queues,
    addProfile(id, as2) {
      const profile = PARTNER_PROFILE.parse({ ...template, id, transports: { as2 } });
      profiles.push(profile);
      return profile;
    },
    async close() {
      await app.close();
      for (const queue of Object.values(queues)) {
        await queue.obliterate({ force: true });
        await queue.close();
      }
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

import { randomBytes } from 'crypto';
import { join } from 'path';
import { INestApplication } from '@nestjs/common';
import { loadConfig } from '@tradewire/config';
import { removeRedisLeftovers } from './redis-leftovers';
import { ApiKeys, createTestDatabase, Role } from '@tradewire/persistence';
import { Pipeline, PipelineOptions, ProfileRegistry, ProfileStore, startPipeline, syncProfiles } from '@tradewire/pipeline';
import { createGatewayApp } from '../../apps/gateway/src/create-app';

/**
 * What the API suites share: a schema and a BullMQ prefix of their own, the committed partner
 * profiles stored as versions, the pipeline's workers, the gateway on a random loopback port, and API
 * keys made per test suite. `close` removes all of it, the rate-limit buckets in Redis included.
 */
export interface GatewayHarness {
  readonly db: Awaited<ReturnType<typeof createTestDatabase>>;
  readonly profiles: ProfileRegistry;
  readonly pipeline: Pipeline;
  readonly app: INestApplication;
  readonly base: string;
  readonly prefix: string;
  /** A new API key: its secret, to send as `Authorization: Bearer`. */
  key(name: string, role: Role, partnerId?: string): Promise<string>;
  /** A request to the gateway, with the key when given. */
  call(path: string, key?: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

export const ROOT = join(__dirname, '..', '..');

export interface GatewayHarnessOptions extends Partial<Pick<PipelineOptions, 'gs1CompanyPrefix' | 'concurrency'>> {
  /** Where a built ops console is, for /console. */
  readonly consoleDir?: string;
  readonly maxBodyBytes?: number;
}

export async function startGatewayHarness(options: GatewayHarnessOptions = {}): Promise<GatewayHarness> {
  const { consoleDir, maxBodyBytes, ...pipelineOptions } = options;
  const db = await createTestDatabase();
  const profiles = ProfileRegistry.fromDirectories(join(ROOT, 'partner-profiles'), join(ROOT, 'edi-specs', 'guides'));
  await syncProfiles(profiles, new ProfileStore(db.dataSource));
  const redisUrl = loadConfig().redis.url;
  const prefix = `test-${randomBytes(4).toString('hex')}`;
  const pipeline = startPipeline({ dataSource: db.dataSource, redisUrl, prefix, profiles, concurrency: 2, ...pipelineOptions });
  const app = await createGatewayApp({ dataSource: db.dataSource, queues: pipeline.queues, profiles, redisUrl, redisPrefix: prefix, ...(consoleDir ? { consoleDir } : {}) }, maxBodyBytes ?? 4096);
  await app.listen(0, '127.0.0.1');
  const base = await app.getUrl();
  const apiKeys = new ApiKeys(db.dataSource);
  return {
    db, profiles, pipeline, app, base, prefix,
    key: async (name, role, partnerId) => (await apiKeys.create(name, role, partnerId)).key,
    call: (path, key, init = {}) => fetch(`${base}${path}`, { ...init, headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(init.headers ?? {}) } }),
    async close() {
      await app.close();
      await pipeline.close({ obliterate: true });
      await db.drop();
      await removeRedisLeftovers(prefix, { redisUrl });
    },
  };
}

/** Polls until `check` holds (about 5 s), then fails naming what never happened. */
export async function until(check: () => Promise<boolean>, what = 'the condition'): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`never happened: ${what}`);
}

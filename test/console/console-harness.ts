import { randomBytes } from 'crypto';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { INestApplication } from '@nestjs/common';
import IORedis from 'ioredis';
import { Browser, chromium } from 'playwright-core';
import { loadConfig } from '@tradewire/config';
import { ApiKeys, createTestDatabase } from '@tradewire/persistence';
import { Pipeline, ProfileRegistry, ProfileStore, startPipeline, syncProfiles } from '@tradewire/pipeline';
import { createGatewayApp } from '../../apps/gateway/src/create-app';
import { buildConsole } from '../../scripts/console-build';

/** Debian's Chromium: `npx playwright install` cannot download browsers here (see .ci/run). */
const CHROMIUM = { executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] };
const ROOT = join(__dirname, '..', '..');

/**
 * The gateway on a real port with the pipeline's workers, its own schema and queue prefix, serving
 * the console as `npm run build` builds it (same build function, into a directory of its own), and
 * a headless Chromium to drive it.
 */
export interface ConsoleHarness {
  readonly base: string;
  readonly browser: Browser;
  readonly db: Awaited<ReturnType<typeof createTestDatabase>>;
  readonly keys: Readonly<Record<'ops' | 'onboarding' | 'readOnly' | 'acme' | 'northwind', string>>;
  call(path: string, key?: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

export async function startConsoleHarness(): Promise<ConsoleHarness> {
  const consoleDir = mkdtempSync(join(tmpdir(), 'tradewire-console-'));
  buildConsole(consoleDir);
  const prefix = `test-console-${randomBytes(4).toString('hex')}`;
  const db = await createTestDatabase();
  const profiles = ProfileRegistry.fromDirectories(join(ROOT, 'partner-profiles'), join(ROOT, 'edi-specs', 'guides'));
  await syncProfiles(profiles, new ProfileStore(db.dataSource));
  const redisUrl = loadConfig().redis.url;
  const pipeline: Pipeline = startPipeline({ dataSource: db.dataSource, redisUrl, prefix, profiles, concurrency: 2 });
  const app: INestApplication = await createGatewayApp({ dataSource: db.dataSource, queues: pipeline.queues, profiles, redisUrl, redisPrefix: prefix, consoleDir }, 1_000_000);
  await app.listen(0, '127.0.0.1');
  const base = await app.getUrl();
  const apiKeys = new ApiKeys(db.dataSource);
  const keys = {
    ops: (await apiKeys.create('console ops', 'ops')).key,
    onboarding: (await apiKeys.create('onboarding desk', 'onboarding')).key,
    readOnly: (await apiKeys.create('dashboard', 'read-only')).key,
    acme: (await apiKeys.create('acme portal', 'read-only', 'acme-3pl')).key,
    northwind: (await apiKeys.create('northwind portal', 'read-only', 'northwind-supplier')).key,
  };
  const browser = await chromium.launch({ ...CHROMIUM, headless: true });
  const call = (path: string, key?: string, init: RequestInit = {}) =>
    fetch(`${base}${path}`, { ...init, headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(init.headers ?? {}) } });
  return {
    base, browser, db, keys, call,
    async close() {
      await browser.close();
      await app.close();
      await pipeline.close({ obliterate: true });
      await db.drop();
      const redis = new IORedis(redisUrl);
      const buckets = await redis.keys(`${prefix}*:rate-limit:*`);
      if (buckets.length > 0) await redis.del(...buckets);
      await redis.quit();
      rmSync(consoleDir, { recursive: true, force: true });
    },
  };
}

import { join } from 'path';
import { ConfigError, loadConfig } from '@tradewire/config';
import { redisAnswers } from '@tradewire/jobs';
import { ApiKeys, createDataSource } from '@tradewire/persistence';
import { ProfileRegistry, ProfileStore, refreshProfiles, startPipeline, syncProfiles } from '@tradewire/pipeline';
import { createGatewayApp } from './create-app';

/**
 * `npm start`: the gateway's HTTP API and the pipeline's workers in one process, against PostgreSQL
 * and Redis (DATABASE_URL, REDIS_URL). More workers: `npm run worker`, here or on other machines.
 */
async function main(): Promise<number> {
  const config = loadConfig();
  const root = join(__dirname, '..', '..', '..');
  const profiles = ProfileRegistry.fromDirectories(join(root, 'partner-profiles'), join(root, 'edi-specs', 'guides'));
  const dataSource = createDataSource(config.database, config.database.schema);
  try {
    await dataSource.initialize();
  } catch (e) {
    process.stderr.write(`gateway: cannot reach PostgreSQL: ${(e as Error).message}\n  start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start (or set DATABASE_URL)\n`);
    return 1;
  }
  if (!(await redisAnswers(config.redis.url))) {
    process.stderr.write(`gateway: cannot reach Redis at ${config.redis.url}\n  start it with: redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no (or set REDIS_URL)\n`);
    await dataSource.destroy();
    return 1;
  }
  const ran = await dataSource.runMigrations({ transaction: 'each' });
  if (ran.length > 0) process.stdout.write(`gateway: migrated (${ran.map((m) => m.name).join(', ')})\n`);
  await printBootstrapKey(dataSource);
  // Profile files become stored versions; the newest versions are in force, refreshed every 30 s (API edits made elsewhere).
  const profileStore = new ProfileStore(dataSource);
  await syncProfiles(profiles, profileStore);
  setInterval(() => void refreshProfiles(profiles, profileStore).catch(() => undefined), 30_000).unref();
  const pipeline = startPipeline({ dataSource, redisUrl: config.redis.url, prefix: config.redis.prefix, profiles, lockMs: config.redis.lockMs });
  const app = await createGatewayApp({ dataSource, queues: pipeline.queues, profiles, redisUrl: config.redis.url }, config.http.maxBodyBytes);
  await app.listen(config.http.port, '127.0.0.1');
  process.stdout.write(`gateway: API at http://127.0.0.1:${config.http.port} (health: /health; upload: POST /partners/:id/documents); workers running\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  await app.close();
  await pipeline.close();
  await dataSource.destroy();
  return 0;
}

/** On a database with no API key yet, creates an admin key and shows it once: a newcomer can call the API. */
async function printBootstrapKey(dataSource: import('typeorm').DataSource): Promise<void> {
  const [{ count }] = await dataSource.query(`SELECT count(*)::int AS count FROM api_keys`);
  if (count > 0) return;
  const { key } = await new ApiKeys(dataSource).create('bootstrap admin', 'admin');
  process.stdout.write(`gateway: created the first API key (admin), shown only now: ${key}\n`);
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(e instanceof ConfigError ? `gateway: ${e.message}\n` : `gateway: ${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  },
);

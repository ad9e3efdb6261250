import { join } from 'path';
import { ConfigError, loadConfig } from '@tradewire/config';
import { redisAnswers } from '@tradewire/jobs';
import { createDataSource } from '@tradewire/persistence';
import { ProfileRegistry, ProfileStore, refreshProfiles, startPipeline, syncProfiles } from '@tradewire/pipeline';

/**
 * `npm run worker`: runs the pipeline's workers against PostgreSQL and Redis (DATABASE_URL,
 * REDIS_URL). Start more of these, on this machine or others, to scale out. Migrates first; says
 * which service is unreachable and how to start it; closes gracefully on SIGTERM and SIGINT.
 */
async function main(): Promise<number> {
  const config = loadConfig();
  const root = join(__dirname, '..', '..', '..');
  const profiles = ProfileRegistry.fromDirectories(join(root, 'partner-profiles'), join(root, 'edi-specs', 'guides'));
  const dataSource = createDataSource(config.database, config.database.schema);
  try {
    await dataSource.initialize();
  } catch (e) {
    process.stderr.write(`worker: cannot reach PostgreSQL: ${(e as Error).message}\n  start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start (or set DATABASE_URL)\n`);
    return 1;
  }
  if (!(await redisAnswers(config.redis.url))) {
    process.stderr.write(`worker: cannot reach Redis at ${config.redis.url}\n  start it with: redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no (or set REDIS_URL)\n`);
    await dataSource.destroy();
    return 1;
  }
  await dataSource.runMigrations({ transaction: 'each' });
  // Profile files become stored versions; the newest versions are in force, refreshed every 30 s (API edits made elsewhere).
  const profileStore = new ProfileStore(dataSource);
  await syncProfiles(profiles, profileStore);
  setInterval(() => void refreshProfiles(profiles, profileStore).catch(() => undefined), 30_000).unref();
  const pipeline = startPipeline({ dataSource, redisUrl: config.redis.url, prefix: config.redis.prefix, profiles, lockMs: config.redis.lockMs });
  process.stdout.write(`worker: processing queues at ${config.redis.url} (pid ${process.pid}); Ctrl-C to stop\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  process.stdout.write('worker: finishing running jobs, then stopping\n');
  await pipeline.close();
  await dataSource.destroy();
  return 0;
}

main().then(
  (code) => {
    process.exit(code);
  },
  (e: unknown) => {
    process.stderr.write(e instanceof ConfigError ? `worker: ${e.message}\n` : `worker: ${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  },
);

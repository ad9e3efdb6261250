import { join } from 'path';
import { DataSource } from 'typeorm';
import { GatewayConfig } from '@tradewire/config';
import { redisAnswers } from '@tradewire/jobs';
import { createDataSource, migrate } from '@tradewire/persistence';
import { ProfileRegistry } from '../profiles/profile-registry';
import { ProfileStore } from '../profiles/profile-store';
import { refreshProfiles, syncProfiles } from '../profiles/sync-profiles';

export interface Services {
  readonly dataSource: DataSource;
  readonly profiles: ProfileRegistry;
}

/**
 * What the gateway and the worker both do first: reach PostgreSQL and Redis (saying which one does not
 * answer and how to start it), migrate, store the profile files as versions and keep the profiles in
 * force refreshed (every 30 s: edits made through another process's API). Null when a service is down.
 */
export async function startServices(config: GatewayConfig, root: string, say: (line: string) => void): Promise<Services | null> {
  const profiles = ProfileRegistry.fromDirectories(join(root, 'partner-profiles'), join(root, 'edi-specs', 'guides'));
  const dataSource = createDataSource(config.database, config.database.schema);
  try {
    await dataSource.initialize();
  } catch (e) {
    say(`cannot reach PostgreSQL: ${(e as Error).message}\n  start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start (or set DATABASE_URL)`);
    return null;
  }
  if (!(await redisAnswers(config.redis.url))) {
    say(`cannot reach Redis at ${config.redis.url}\n  start it with: redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no (or set REDIS_URL)`);
    await dataSource.destroy();
    return null;
  }
  const ran = await migrate(dataSource);
  if (ran.length > 0) say(`migrated (${ran.join(', ')})`);
  const store = new ProfileStore(dataSource);
  await syncProfiles(profiles, store);
  setInterval(() => void refreshProfiles(profiles, store).catch(() => undefined), 30_000).unref();
  return { dataSource, profiles };
}

/** Resolves on SIGTERM or SIGINT: the caller then closes what it started. */
export function untilStopped(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
}

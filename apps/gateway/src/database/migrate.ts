import { ConfigError, loadConfig } from '@tradewire/config';
import { createDataSource, migrate } from '@tradewire/persistence';

/**
 * `npm run migrate`: brings the database at DATABASE_URL to the latest schema. Says which service is
 * unreachable and how to start it, and exits non-zero, rather than failing with a stack trace.
 */
async function main(): Promise<number> {
  const config = loadConfig();
  const dataSource = createDataSource(config.database, config.database.schema);
  try {
    await dataSource.initialize();
  } catch (e) {
    process.stderr.write(
      `migrate: cannot reach PostgreSQL at ${redact(config.database.url)}: ${(e as Error).message}\n` +
        `  start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start (or set DATABASE_URL)\n`,
    );
    return 1;
  }
  try {
    const ran = await migrate(dataSource);
    process.stdout.write(ran.length === 0 ? 'migrate: the schema is up to date\n' : `migrate: ran ${ran.join(', ')}\n`);
    return 0;
  } finally {
    await dataSource.destroy();
  }
}

/** The URL without its password, for messages. */
function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(invalid URL)';
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(e instanceof ConfigError ? `migrate: ${e.message}\n` : `migrate: ${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 1;
  },
);

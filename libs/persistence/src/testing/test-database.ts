import { randomBytes } from 'crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { loadConfig } from '@tradewire/config';
import { createDataSource } from '../data-source';

/** A migrated schema of its own for one test suite, dropped afterwards: suites can run in parallel. */
export async function createTestDatabase(): Promise<{ dataSource: DataSource; schema: string; drop: () => Promise<void> }> {
  const config = loadConfig().database;
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: config.url });
  await admin.connect();
  // Extensions are per database: create them once, one suite at a time, before any migration needs them.
  await admin.query(`SELECT pg_advisory_lock(7401)`);
  try {
    await admin.query(`CREATE EXTENSION IF NOT EXISTS btree_gist WITH SCHEMA public`);
  } finally {
    await admin.query(`SELECT pg_advisory_unlock(7401)`);
  }
  await admin.query(`CREATE SCHEMA ${schema}`);
  const dataSource = createDataSource(config, schema);
  try {
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'all' });
  } catch (e) {
    if (dataSource.isInitialized) await dataSource.destroy();
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
    throw e;
  }
  return {
    dataSource,
    schema,
    drop: async () => {
      await dataSource.destroy();
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    },
  };
}

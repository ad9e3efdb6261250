import { randomBytes } from 'crypto';
import { Client } from 'pg';
import { loadConfig } from '@tradewire/config';
import { createDataSource, migrate, MIGRATIONS } from './data-source';

describe('migrate', () => {
  const config = loadConfig().database;
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: config.url });

  beforeAll(() => admin.connect());
  afterAll(async () => {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  });

  it('creates a configured schema that does not exist yet, migrates it, and runs nothing the second time', async () => {
    const dataSource = createDataSource(config, schema);
    await dataSource.initialize();
    try {
      expect(await migrate(dataSource)).toHaveLength(MIGRATIONS.length);
      const tables = await admin.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_name IN ('documents', 'inventory_balances')`, [schema]);
      expect(tables.rows.map((r) => r.table_name).sort()).toEqual(['documents', 'inventory_balances']);
      expect(await migrate(dataSource)).toEqual([]);
    } finally {
      await dataSource.destroy();
    }
  });
});

import { DataSource } from 'typeorm';
import { DatabaseConfig } from '@tradewire/config';
import { AuditLogEntity } from './audit/audit-log.entity';
import { DocumentEntity, DocumentStatusHistoryEntity, RawDocumentEntity } from './documents/document.entities';
import { Documents1764460800000 } from './migrations/1764460800000-documents';
import { InventoryLedger1764460900000 } from './migrations/1764460900000-inventory-ledger';
import { Pipeline1764461000000 } from './migrations/1764461000000-pipeline';
import { ApiKeys1764461100000 } from './migrations/1764461100000-api-keys';
import { PartnerProfiles1764461200000 } from './migrations/1764461200000-partner-profiles';
import { SftpTransport1764461300000 } from './migrations/1764461300000-sftp-transport';
import { As21764461400000 } from './migrations/1764461400000-as2';
import { InventoryCommitments1764461500000 } from './migrations/1764461500000-inventory-commitments';
import { OrdersAndExpectations1764461600000 } from './migrations/1764461600000-orders-and-expectations';
import { ChannelAvailability1764461700000 } from './migrations/1764461700000-channel-availability';
import { ShipmentNotices1764461800000 } from './migrations/1764461800000-shipment-notices';
import { As2AsyncMdn1764461900000 } from './migrations/1764461900000-as2-async-mdn';
import { CommitmentLookup1764462000000 } from './migrations/1764462000000-commitment-lookup';

export const ENTITIES = [RawDocumentEntity, DocumentEntity, DocumentStatusHistoryEntity, AuditLogEntity];
export const MIGRATIONS = [
  Documents1764460800000, InventoryLedger1764460900000, Pipeline1764461000000, ApiKeys1764461100000, PartnerProfiles1764461200000, SftpTransport1764461300000, As21764461400000,
  InventoryCommitments1764461500000, OrdersAndExpectations1764461600000, ChannelAvailability1764461700000, ShipmentNotices1764461800000, As2AsyncMdn1764461900000, CommitmentLookup1764462000000,
];

/**
 * The one DataSource definition, for the apps, the migrate step and the tests. `synchronize` is off:
 * the schema comes from migrations only. `schema` puts everything (tables and the migrations table)
 * in that PostgreSQL schema, through the connection's search_path: the tests use one per suite.
 */
export function createDataSource(config: DatabaseConfig, schema?: string): DataSource {
  return new DataSource({
    type: 'postgres',
    url: config.url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsRun: false,
    ...(schema === undefined ? {} : { schema, extra: { options: `-c search_path=${schema},public` } }),
  });
}

/**
 * Brings an initialized data source to the latest schema, each migration in its own transaction.
 * A configured schema (DATABASE_SCHEMA) is created first when it does not exist yet, so a fresh
 * deployment needs no manual step. Returns the names of the migrations that ran.
 */
export async function migrate(dataSource: DataSource): Promise<string[]> {
  const schema = (dataSource.options as { schema?: string }).schema;
  // The name is a plain word (checked by loadConfig); quoted all the same.
  if (schema !== undefined) await dataSource.query(`CREATE SCHEMA IF NOT EXISTS "${schema.replace(/"/g, '""')}"`);
  const ran = await dataSource.runMigrations({ transaction: 'each' });
  return ran.map((m) => m.name);
}

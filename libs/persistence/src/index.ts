/**
 * @tradewire/persistence: the TypeORM data source, entities and migrations (synchronize stays off),
 * the raw document store and the audit log.
 */
export * from './data-source';
export * from './documents/document.entities';
export * from './documents/document-status';
export * from './documents/document-store';
export * from './audit/audit-log.entity';
export * from './audit/audit-log';
export { createTestDatabase } from './testing/test-database';
export * from './documents/control-numbers';
export * from './audit/api-keys';
export * from './as2/as2-messages';
export * from './as2/async-mdns';
export * from './sql/prepared';

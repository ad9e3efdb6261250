/**
 * @tradewire/canonical: the canonical inventory model. Versioned event contracts (zod, exported as
 * JSON Schema), deterministic idempotency keys and exact decimal quantities. Pure.
 */
export * from './quantity/decimal';
export * from './events/event-envelope';
export * from './events/inventory-events';
export * from './events/validate-event';
export * from './master-data/master-data';
export * from './master-data/sscc';

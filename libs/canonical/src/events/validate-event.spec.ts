import { readFileSync } from 'fs';
import { join } from 'path';
import { idempotencyKey } from './event-envelope';
import { hasValidGtinCheckDigit, ITEM } from '../master-data/master-data';
import { eventJsonSchemas, validateEvent } from './validate-event';

const SNAPSHOT = {
  type: 'InventorySnapshotReported',
  version: 1,
  idempotencyKey: 'InventorySnapshotReported|acme-3pl|261130|000000410|410|0001',
  source: { partner: 'acme-3pl', interchangeDate: '261130', interchange: '000000410', group: '410', transaction: '0001', set: '846' },
  occurredAt: '2026-11-30T06:00:00Z',
  findings: [],
  payload: { location: 'DAL-3PL', asOf: '2026-11-30T06:00:00Z', mode: 'full', lines: [{ line: 1, sku: 'WIDGET-BLUE', partnerItem: { qualifier: 'VN', value: 'A1' }, unit: 'EA', quantities: { 'on-hand': '120' } }] },
};

describe('canonical events', () => {
  it('accepts a valid event', () => {
    expect(validateEvent(SNAPSHOT)).toMatchObject({ ok: true });
  });

  it('lists every problem of an invalid event with its path', () => {
    const bad = { ...SNAPSHOT, occurredAt: 'yesterday', payload: { ...SNAPSHOT.payload, lines: [{ ...SNAPSHOT.payload.lines[0], quantities: { 'on-hand': 1.5 } }] } };
    const check = validateEvent(bad);
    expect(check.ok).toBe(false);
    expect(check.ok ? [] : check.problems.map((p) => p.split(':')[0])).toEqual(['occurredAt', 'payload.lines.0.quantities.on-hand']);
    expect(validateEvent({ type: 'Nope' })).toEqual({ ok: false, problems: [expect.stringContaining('type: not one of InventorySnapshotReported')] });
  });

  it('derives the same idempotency key from the same source, and different keys from different lines', () => {
    const source = SNAPSHOT.source;
    expect(idempotencyKey('InventorySnapshotReported', source)).toBe(SNAPSHOT.idempotencyKey);
    expect(idempotencyKey('ShipmentConfirmed', { ...source, line: 2 })).not.toBe(idempotencyKey('ShipmentConfirmed', { ...source, line: 3 }));
    expect(idempotencyKey('X', { ...source, partner: 'a|b' })).toBe('X|a\\|b|261130|000000410|410|0001');
  });

  it('keeps the published JSON Schemas in step with the contracts (npm run events:schema)', () => {
    const published = JSON.parse(readFileSync(join(__dirname, '..', '..', 'json-schema', 'events.v1.schema.json'), 'utf8'));
    expect(published).toEqual(eventJsonSchemas());
  });
});

describe('canonical master data', () => {
  it('checks GTIN check digits', () => {
    expect(['012345678905', '00012345678905', '4006381333931', '96385074'].map(hasValidGtinCheckDigit)).toEqual([true, true, true, true]);
    expect(['012345678904', '12345', 'ABCDEFGHIJKL'].map(hasValidGtinCheckDigit)).toEqual([false, false, false]);
    expect(ITEM.safeParse({ sku: 'WIDGET-BLUE', gtin: '012345678905' }).success).toBe(true);
    expect(ITEM.safeParse({ sku: 'WIDGET-BLUE', gtin: '012345678904' }).success).toBe(false);
  });
});

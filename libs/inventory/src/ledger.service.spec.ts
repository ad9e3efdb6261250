import { CanonicalEvent, idempotencyKey, InboundShipmentAdvised, InventorySnapshotReported, ShipmentConfirmed, validateEvent, WarehouseOrderReleased } from '@tradewire/canonical';
import { createTestDatabase } from '@tradewire/persistence';
import { LedgerService } from './ledger.service';

/** Against the real PostgreSQL, in a schema of its own. Events are built here and checked against their contracts. */
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let ledger: LedgerService;

beforeAll(async () => {
  db = await createTestDatabase();
  ledger = new LedgerService(db.dataSource);
});

afterAll(async () => {
  await db.drop();
});

let serial = 0;
function source(set: string) {
  serial++;
  return { partner: 'acme-3pl', interchangeDate: '261130', interchange: String(100000000 + serial), group: String(serial), transaction: '0001', set };
}

function checked<T extends CanonicalEvent>(event: T): T {
  const check = validateEvent(event);
  if (!check.ok) throw new Error(check.problems.join('; '));
  return event;
}

function snapshot(at: string, lines: InventorySnapshotReported['payload']['lines'], mode: 'full' | 'delta' = 'full'): InventorySnapshotReported {
  const s = source('846');
  return checked({ type: 'InventorySnapshotReported', version: 1, idempotencyKey: idempotencyKey('InventorySnapshotReported', s), source: s, occurredAt: at, findings: [], payload: { location: 'DAL-3PL', asOf: at, mode, lines } });
}

function item(sku: string, line: number, quantities: InventorySnapshotReported['payload']['lines'][number]['quantities']) {
  return { line, sku, partnerItem: { qualifier: 'VN', value: `P-${sku}` }, unit: 'EA', quantities };
}

function order(sku: string, quantity: string): WarehouseOrderReleased {
  const s = source('940');
  return checked({
    type: 'WarehouseOrderReleased', version: 1, idempotencyKey: idempotencyKey('WarehouseOrderReleased', s), source: s, occurredAt: '2026-11-30T08:00:00Z', findings: [],
    payload: { orderId: `SO-${serial}`, purpose: 'original', warehouse: 'DAL-3PL', shipTo: { name: 'STORE 4' }, lines: [{ line: 1, sku, partnerItem: { qualifier: 'VN', value: `P-${sku}` }, quantity, unit: 'EA' }] },
  });
}

function shipped(sku: string, ordered: string, shippedQty: string): ShipmentConfirmed {
  const s = source('945');
  return checked({
    type: 'ShipmentConfirmed', version: 1, idempotencyKey: idempotencyKey('ShipmentConfirmed', s), source: s, occurredAt: '2026-11-30T15:00:00Z', findings: [],
    payload: { orderId: 'SO-1', shippedAt: '2026-11-30T15:00:00Z', warehouse: 'DAL-3PL', lines: [{ line: 1, sku, partnerItem: { qualifier: 'VN', value: `P-${sku}` }, ordered, shipped: shippedQty, unit: 'EA', status: 'CP' }] },
  });
}

describe('LedgerService (PostgreSQL)', () => {
  it('sets on hand from a full snapshot and applies it exactly once, however often it is delivered', async () => {
    const e = snapshot('2026-11-30T06:00:00Z', [item('A', 1, { 'on-hand': '120', 'on-hold': '2' })]);
    expect(await ledger.apply(e)).toEqual({ status: 'applied', movements: 2, superseded: 0, variances: 2 });
    expect(await ledger.apply(e)).toEqual({ status: 'duplicate' });
    const again = await Promise.all([ledger.apply(e), ledger.apply(e), ledger.apply(e)]);
    expect(again.map((o) => o.status)).toEqual(['duplicate', 'duplicate', 'duplicate']);
    expect(await ledger.balance('A', 'DAL-3PL')).toEqual({ onHand: '120', allocated: '0', inTransit: '0', onHold: '2', availableToPromise: '118' });
  });

  it('applies one of several racing copies of a new event, never two', async () => {
    const e = snapshot('2026-11-30T06:00:00Z', [item('B', 1, { 'on-hand': '10' })], 'delta');
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => ledger.apply(e)));
    expect(outcomes.filter((o) => o.status === 'applied')).toHaveLength(1);
    expect((await ledger.balance('B', 'DAL-3PL')).onHand).toBe('10');
  });

  it('allocates a released order, and a 945 takes what shipped off on hand and releases the whole allocation (short ship)', async () => {
    await ledger.apply(snapshot('2026-11-30T06:00:00Z', [item('C', 1, { 'on-hand': '100' })]));
    await ledger.apply(order('C', '30'));
    expect(await ledger.balance('C', 'DAL-3PL')).toMatchObject({ onHand: '100', allocated: '30', availableToPromise: '70' });
    await ledger.apply(shipped('C', '30', '25.5'));
    expect(await ledger.balance('C', 'DAL-3PL')).toEqual({ onHand: '74.5', allocated: '0', inTransit: '0', onHold: '0', availableToPromise: '74.5' });
  });

  it('sets on hand so that available to promise is what a snapshot reports as available', async () => {
    await ledger.apply(order('D', '5'));
    await ledger.apply(snapshot('2026-11-30T07:00:00Z', [item('D', 1, { available: '40', 'on-hold': '3' })]));
    expect(await ledger.balance('D', 'DAL-3PL')).toEqual({ onHand: '48', allocated: '5', inTransit: '0', onHold: '3', availableToPromise: '40' });
  });

  it('ignores an older full snapshot that arrives after a newer one, by document time, and records it', async () => {
    await ledger.apply(snapshot('2026-11-30T12:00:00Z', [item('E', 1, { 'on-hand': '50' })]));
    const older = await ledger.apply(snapshot('2026-11-30T09:00:00Z', [item('E', 1, { 'on-hand': '80' })]));
    expect(older).toEqual({ status: 'applied', movements: 0, superseded: 1, variances: 0 });
    expect((await ledger.balance('E', 'DAL-3PL')).onHand).toBe('50');
    const [row] = await db.dataSource.query(`SELECT kind, before, after FROM inventory_movements WHERE sku = 'E' ORDER BY id DESC LIMIT 1`);
    expect(row).toEqual({ kind: 'superseded', before: '50.000000', after: '50.000000' });
  });

  it('records the variance between the ledger and a full snapshot for reconciliation', async () => {
    await ledger.apply(snapshot('2026-11-30T06:00:00Z', [item('F', 1, { 'on-hand': '10' })]));
    await ledger.apply(snapshot('2026-11-30T18:00:00Z', [item('F', 1, { 'on-hand': '7' })]));
    const rows = await db.dataSource.query(`SELECT ledger, reported, variance FROM reconciliation_variances WHERE sku = 'F' ORDER BY id`);
    expect(rows).toEqual([
      { ledger: '0.000000', reported: '10.000000', variance: '10.000000' },
      { ledger: '10.000000', reported: '7.000000', variance: '-3.000000' },
    ]);
  });

  it('adds a supplier ASN to in transit at its destination', async () => {
    const s = source('856');
    const asn: InboundShipmentAdvised = checked({
      type: 'InboundShipmentAdvised', version: 1, idempotencyKey: idempotencyKey('InboundShipmentAdvised', s), source: s, occurredAt: '2026-11-30T10:00:00Z', findings: [],
      payload: { shipmentId: 'ASN-1', location: 'DAL-3PL', lines: [{ line: 1, sku: 'G', partnerItem: { qualifier: 'BP', value: 'X' }, quantity: '24', unit: 'EA' }] },
    });
    await ledger.apply(asn);
    expect(await ledger.balance('G', 'DAL-3PL')).toMatchObject({ inTransit: '24', availableToPromise: '0' });
  });

  it('holds an event with findings without touching stock, and applies it once the findings are resolved', async () => {
    const clean = snapshot('2026-11-30T06:00:00Z', [item('H', 1, { 'on-hand': '9' })], 'delta');
    const held = { ...clean, findings: [{ code: 'UNKNOWN_ITEM' as const, message: 'partner item VN Z is not in the cross-reference' }] };
    expect(await ledger.apply(held)).toEqual({ status: 'held', reason: '1 mapping finding(s): UNKNOWN_ITEM' });
    expect((await ledger.balance('H', 'DAL-3PL')).onHand).toBe('0');
    expect(await ledger.apply(clean)).toMatchObject({ status: 'applied' });
    expect(await ledger.apply(clean)).toEqual({ status: 'duplicate' });
    expect((await ledger.balance('H', 'DAL-3PL')).onHand).toBe('9');
  });

  it('keeps the ledger append-only', async () => {
    await expect(db.dataSource.query(`UPDATE inventory_movements SET quantity = 0`)).rejects.toThrow(/append-only/);
  });
});

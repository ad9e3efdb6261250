import { CanonicalEvent, idempotencyKey, InboundShipmentAdvised, InventorySnapshotReported, ShipmentConfirmed, validateEvent, WarehouseOrderReleased } from '@tradewire/canonical';
import { createTestDatabase } from '@tradewire/persistence';
import { GOODS_RECEIPT, goodsReceived, LedgerEvent } from './goods-received';
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

interface OrderOptions {
  readonly orderId?: string;
  readonly at?: string;
  readonly purpose?: WarehouseOrderReleased['payload']['purpose'];
}

function order(sku: string, quantity: string, o: OrderOptions = {}): WarehouseOrderReleased {
  const s = source('940');
  return checked({
    type: 'WarehouseOrderReleased', version: 1, idempotencyKey: idempotencyKey('WarehouseOrderReleased', s), source: s, occurredAt: o.at ?? '2026-11-30T08:00:00Z', findings: [],
    payload: { orderId: o.orderId ?? `SO-${sku}`, purpose: o.purpose ?? 'original', warehouse: 'DAL-3PL', shipTo: { name: 'STORE 4' }, lines: [{ line: 1, sku, partnerItem: { qualifier: 'VN', value: `P-${sku}` }, quantity, unit: 'EA' }] },
  });
}

function shipped(sku: string, ordered: string | undefined, shippedQty: string, o: OrderOptions = {}): ShipmentConfirmed {
  const s = source('945');
  const at = o.at ?? '2026-11-30T15:00:00Z';
  return checked({
    type: 'ShipmentConfirmed', version: 1, idempotencyKey: idempotencyKey('ShipmentConfirmed', s), source: s, occurredAt: at, findings: [],
    payload: {
      orderId: o.orderId ?? `SO-${sku}`, shippedAt: at, warehouse: 'DAL-3PL',
      lines: [{ line: 1, sku, partnerItem: { qualifier: 'VN', value: `P-${sku}` }, ...(ordered === undefined ? {} : { ordered }), shipped: shippedQty, unit: 'EA', status: 'CP' }],
    },
  });
}

function advised(sku: string, quantity: string, shipmentId: string): InboundShipmentAdvised {
  const s = { ...source('856'), partner: 'northwind-supplier' };
  return checked({
    type: 'InboundShipmentAdvised', version: 1, idempotencyKey: idempotencyKey('InboundShipmentAdvised', s), source: s, occurredAt: '2026-11-30T10:00:00Z', findings: [],
    payload: { shipmentId, location: 'DAL-3PL', lines: [{ line: 1, sku, partnerItem: { qualifier: 'BP', value: 'X' }, quantity, unit: 'EA' }] },
  });
}

function received(sku: string, quantity: string, shipmentId: string | undefined, receiptId = `R-${sku}`) {
  return goodsReceived(GOODS_RECEIPT.parse({ receiptId, supplier: 'northwind-supplier', location: 'DAL-3PL', receivedAt: '2026-11-30T16:00:00Z', lines: [{ sku, quantity }], ...(shipmentId ? { shipmentId } : {}) }));
}

/** Every order of a list (n! of them): small lists only. */
function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((first, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [first, ...rest]));
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
    await ledger.apply(advised('G', '24', 'ASN-G'));
    expect(await ledger.balance('G', 'DAL-3PL')).toMatchObject({ inTransit: '24', availableToPromise: '0' });
  });

  it('moves a receipt of an advised shipment from in transit to on hand, once per receipt ID', async () => {
    await ledger.apply(advised('G2', '24', 'ASN-G2'));
    expect(await ledger.apply(received('G2', '20', 'ASN-G2'))).toMatchObject({ status: 'applied', movements: 2 });
    expect(await ledger.apply(received('G2', '20', 'ASN-G2'))).toEqual({ status: 'duplicate' });
    expect(await ledger.balance('G2', 'DAL-3PL')).toEqual({ onHand: '20', allocated: '0', inTransit: '4', onHold: '0', availableToPromise: '20' });
    await ledger.apply(received('G2', '6', 'ASN-G2', 'R-G2-rest'));
    expect(await ledger.balance('G2', 'DAL-3PL')).toMatchObject({ onHand: '26', inTransit: '0' });
  });

  it('ends in the same balance whatever order a 940, its 945, an ASN and its receipt arrive in', async () => {
    const outcomes = new Set<string>();
    for (const [n, order_] of permutations(['940', '945', '856', 'receipt'] as const).entries()) {
      const sku = `P${n}`;
      const events: Record<typeof order_[number], LedgerEvent> = {
        '940': order(sku, '30'), '945': shipped(sku, '30', '25'), '856': advised(sku, '50', `ASN-${sku}`), receipt: received(sku, '50', `ASN-${sku}`),
      };
      for (const name of order_) await ledger.apply(events[name]);
      const { onHand, allocated, inTransit, availableToPromise } = await ledger.balance(sku, 'DAL-3PL');
      outcomes.add(JSON.stringify({ onHand, allocated, inTransit, availableToPromise }));
    }
    expect([...outcomes]).toEqual([JSON.stringify({ onHand: '25', allocated: '0', inTransit: '0', availableToPromise: '25' })]);
  });

  it('keeps what a partial 945 did not ship allocated, and releases it with the order\'s cancel', async () => {
    await ledger.apply(order('K', '30'));
    await ledger.apply(shipped('K', undefined, '10'));
    expect(await ledger.balance('K', 'DAL-3PL')).toMatchObject({ onHand: '-10', allocated: '20' });
    await ledger.apply(order('K', '20', { purpose: 'cancel', at: '2026-11-30T17:00:00Z' }));
    expect((await ledger.balance('K', 'DAL-3PL')).allocated).toBe('0');
  });

  it('restates an order on a 940 change, and an original older than the change does not add to it', async () => {
    await ledger.apply(order('L', '30', { at: '2026-11-30T08:00:00Z' }));
    await ledger.apply(order('L', '12', { purpose: 'change', at: '2026-11-30T09:00:00Z' }));
    expect((await ledger.balance('L', 'DAL-3PL')).allocated).toBe('12');
    await ledger.apply(order('M', '12', { purpose: 'change', at: '2026-11-30T09:00:00Z' }));
    expect(await ledger.apply(order('M', '30', { at: '2026-11-30T08:00:00Z' }))).toEqual({ status: 'applied', movements: 0, superseded: 1, variances: 0 });
    expect((await ledger.balance('M', 'DAL-3PL')).allocated).toBe('12');
  });

  it('does not take a 945 of an earlier day off on hand again when a newer snapshot already counts it, but still releases the order', async () => {
    await ledger.apply(order('N', '5', { at: '2026-11-29T08:00:00Z' }));
    await ledger.apply(snapshot('2026-11-30T06:00:00Z', [item('N', 1, { 'on-hand': '95' })]));
    expect(await ledger.apply(shipped('N', '5', '5', { at: '2026-11-29T15:00:00Z' }))).toEqual({ status: 'applied', movements: 1, superseded: 1, variances: 0 });
    expect(await ledger.balance('N', 'DAL-3PL')).toMatchObject({ onHand: '95', allocated: '0' });
  });

  it('still counts a 945 dated the same day as a newer snapshot (a date without a time may be after it)', async () => {
    await ledger.apply(snapshot('2026-11-30T06:00:00Z', [item('N2', 1, { 'on-hand': '95' })]));
    await ledger.apply(shipped('N2', '1', '1', { at: '2026-11-30T00:00:00Z' }));
    expect((await ledger.balance('N2', 'DAL-3PL')).onHand).toBe('94');
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

  it('gives a batch of events in one transaction the figures they give one transaction each, in the same order', async () => {
    // Every arrival order of a 940, its 945, an ASN and its receipt, each applied as one batch, against the same events one by one.
    for (const [n, order_] of permutations(['940', '945', '856', 'receipt'] as const).entries()) {
      const make = (sku: string): Record<typeof order_[number], LedgerEvent> => ({
        '940': order(sku, '30'), '945': shipped(sku, '30', '25'), '856': advised(sku, '50', `ASN-${sku}`), receipt: received(sku, '50', `ASN-${sku}`),
      });
      const batch = make(`BA${n}`);
      const alone = make(`AL${n}`);
      const outcomes = await ledger.applyAll(order_.map((name) => batch[name]));
      const single = [];
      for (const name of order_) single.push(await ledger.apply(alone[name]));
      expect(outcomes).toEqual(single);
      const { onHand, allocated, inTransit, onHold } = await ledger.balance(`BA${n}`, 'DAL-3PL');
      expect({ onHand, allocated, inTransit, onHold }).toEqual({ onHand: '25', allocated: '0', inTransit: '0', onHold: '0' });
    }
    // The movements record the running figures event after event, as if each had its own transaction.
    const rows = await db.dataSource.query(`SELECT bucket, before, after FROM inventory_movements WHERE sku = 'BA0' ORDER BY id`);
    expect(rows.map((r: { bucket: string; before: string; after: string }) => `${r.bucket} ${Number(r.before)}→${Number(r.after)}`)).toEqual(
      ['allocated 0→30', 'onHand 0→-25', 'allocated 30→0', 'inTransit 0→50', 'onHand -25→25', 'inTransit 50→0'],
    );
  });

  it('applies an event that appears twice in one batch once, and the second copy is a duplicate', async () => {
    const e = snapshot('2026-11-30T06:00:00Z', [item('BD', 1, { 'on-hand': '4' })], 'delta');
    const other = snapshot('2026-11-30T06:00:00Z', [item('BD', 1, { 'on-hand': '1' })], 'delta');
    const outcomes = await ledger.applyAll([e, other, e]);
    expect(outcomes.map((o) => o.status)).toEqual(['applied', 'applied', 'duplicate']);
    expect((await ledger.balance('BD', 'DAL-3PL')).onHand).toBe('5');
    expect((await ledger.applyAll([e, other])).map((o) => o.status)).toEqual(['duplicate', 'duplicate']);
  });

  it('applies nothing of a batch when one of its events fails, so each can be applied again', async () => {
    const good = snapshot('2026-11-30T06:00:00Z', [item('BF', 1, { 'on-hand': '3' })], 'delta');
    // More digits than the ledger's numeric(20, 6) holds: PostgreSQL refuses the batch's write.
    const bad = snapshot('2026-11-30T06:00:00Z', [item('BF2', 1, { 'on-hand': '1' + '0'.repeat(20) })], 'delta');
    await expect(ledger.applyAll([good, bad])).rejects.toThrow(/overflow/);
    expect((await ledger.balance('BF', 'DAL-3PL')).onHand).toBe('0');
    expect(await ledger.apply(good)).toMatchObject({ status: 'applied' });
    expect((await ledger.balance('BF', 'DAL-3PL')).onHand).toBe('3');
  });

  it('keeps the ledger append-only', async () => {
    await expect(db.dataSource.query(`UPDATE inventory_movements SET quantity = 0`)).rejects.toThrow(/append-only/);
  });
});

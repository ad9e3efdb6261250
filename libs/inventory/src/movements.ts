import {
  addDecimal, CanonicalEvent, compareDecimal, DecimalString, InboundShipmentAdvised, InventorySnapshotReported, ShipmentConfirmed, STOCK_BUCKETS,
  subtractDecimal, WarehouseOrderReleased,
} from '@tradewire/canonical';

/** The balance columns of one item at one location. Available to promise is derived, never stored. */
export const BALANCE_BUCKETS = ['onHand', 'allocated', 'inTransit', 'onHold'] as const;
export type BalanceBucket = (typeof BALANCE_BUCKETS)[number];
export type Balance = Record<BalanceBucket, DecimalString>;

export const ZERO_BALANCE: Balance = { onHand: '0', allocated: '0', inTransit: '0', onHold: '0' };

/** Available to promise = on hand − allocated − on hold; in-transit counts only when the policy says so. */
export function availableToPromise(b: Balance, countInTransit = false): DecimalString {
  const atp = subtractDecimal(subtractDecimal(b.onHand, b.allocated), b.onHold);
  return countInTransit ? addDecimal(atp, b.inTransit) : atp;
}

/** One change to one bucket of one item at one location: a row of the ledger. */
export interface Movement {
  readonly sku: string;
  readonly location: string;
  readonly bucket: BalanceBucket;
  /**
   * `delta`: add this (may be negative); `set`: the bucket becomes this (a full snapshot);
   * `set-available`: on hand becomes this + allocated + on hold, so that available to promise is this.
   */
  readonly kind: 'delta' | 'set' | 'set-available';
  readonly quantity: DecimalString;
  /** The event line it comes from, for the ledger history. */
  readonly line: number;
}

/** Why an event produced no movements. */
export type Plan = { readonly movements: Movement[] } | { readonly held: string };

/**
 * The movements an event asks for, as pure rules (no I/O): what the ledger service then writes in one
 * transaction. An event with findings is held, never applied in part.
 */
export function planMovements(event: CanonicalEvent): Plan {
  if (event.findings.length > 0) return { held: `${event.findings.length} mapping finding(s): ${event.findings.map((f) => f.code).join(', ')}` };
  switch (event.type) {
    case 'InventorySnapshotReported': return snapshot(event);
    case 'ShipmentConfirmed': return shipment(event);
    case 'InboundShipmentAdvised': return inbound(event);
    case 'WarehouseOrderReleased': return allocation(event);
    case 'ShipmentNoticeIssued':
    case 'AcknowledgmentReceived':
      return { movements: [] };
  }
}

const SNAPSHOT_BUCKET: Partial<Record<(typeof STOCK_BUCKETS)[number], BalanceBucket>> = { 'on-hand': 'onHand', 'on-hold': 'onHold', 'in-transit': 'inTransit' };

/**
 * 846. A full snapshot sets the location's figures; a delta moves them. When only "available" is
 * reported, on hand is set so that available to promise equals it: on hand = available + allocated
 * + on hold (`set-available`, settled by the ledger service, which knows the balance).
 */
function snapshot(e: InventorySnapshotReported): Plan {
  const kind = e.payload.mode === 'full' ? 'set' : 'delta';
  const movements: Movement[] = [];
  for (const line of e.payload.lines) {
    const location = line.location ?? e.payload.location;
    if (line.sku === undefined || location === undefined) return { held: `line ${line.line} has no SKU or location` };
    for (const [bucket, quantity] of Object.entries(line.quantities) as Array<[(typeof STOCK_BUCKETS)[number], DecimalString]>) {
      const target = SNAPSHOT_BUCKET[bucket];
      if (target !== undefined) movements.push({ sku: line.sku, location, bucket: target, kind, quantity, line: line.line });
    }
    if (line.quantities['on-hand'] === undefined && line.quantities.available !== undefined) {
      movements.push({ sku: line.sku, location, bucket: 'onHand', kind: kind === 'set' ? 'set-available' : 'delta', quantity: line.quantities.available, line: line.line });
    }
  }
  return { movements };
}

/** 945: what shipped leaves on hand; the order's allocation is released in full, shipped or short. */
function shipment(e: ShipmentConfirmed): Plan {
  const location = e.payload.warehouse;
  if (location === undefined) return { held: 'the shipment names no warehouse' };
  const movements: Movement[] = [];
  for (const line of e.payload.lines) {
    if (line.sku === undefined) return { held: `line ${line.line} has no SKU` };
    movements.push({ sku: line.sku, location, bucket: 'onHand', kind: 'delta', quantity: negate(line.shipped), line: line.line });
    const released = line.ordered !== undefined && compareDecimal(line.ordered, line.shipped) > 0 ? line.ordered : line.shipped;
    movements.push({ sku: line.sku, location, bucket: 'allocated', kind: 'delta', quantity: negate(released), line: line.line });
  }
  return { movements };
}

/** 856 from a supplier: stock on its way to the destination; a receipt later clears it. */
function inbound(e: InboundShipmentAdvised): Plan {
  const location = e.payload.location;
  if (location === undefined) return { held: 'the shipment names no destination' };
  const movements: Movement[] = [];
  for (const line of e.payload.lines) {
    if (line.sku === undefined) return { held: `line ${line.line} has no SKU` };
    movements.push({ sku: line.sku, location, bucket: 'inTransit', kind: 'delta', quantity: line.quantity, line: line.line });
  }
  return { movements };
}

/** 940 released to a warehouse: the ordered quantities are allocated there (cancel releases them). */
function allocation(e: WarehouseOrderReleased): Plan {
  const location = e.payload.warehouse;
  if (location === undefined) return { held: 'the order names no warehouse' };
  const sign = e.payload.purpose === 'cancel' ? negate : (q: DecimalString) => q;
  const movements: Movement[] = [];
  for (const line of e.payload.lines) {
    if (line.sku === undefined) return { held: `line ${line.line} has no SKU` };
    movements.push({ sku: line.sku, location, bucket: 'allocated', kind: 'delta', quantity: sign(line.quantity), line: line.line });
  }
  return { movements };
}

function negate(q: DecimalString): DecimalString {
  return subtractDecimal('0', q);
}

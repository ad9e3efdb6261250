import {
  addDecimal, compareDecimal, DecimalString, InboundShipmentAdvised, InventorySnapshotReported, ShipmentConfirmed, STOCK_BUCKETS,
  subtractDecimal, WarehouseOrderReleased,
} from '@tradewire/canonical';
import { GoodsReceived, LedgerEvent } from './goods-received';

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
   * `set-available`: on hand becomes this + allocated + on hold, so that available to promise is this;
   * `open` / `close`: add this to what the commitment (an order's allocation, a supplier shipment's
   * in-transit quantity) opened or closed; `revise`: the commitment's opened quantity becomes this
   * (a 940 change). The ledger service settles commitments against their rows (ledger.service.ts).
   */
  readonly kind: 'delta' | 'set' | 'set-available' | CommitmentKind;
  readonly quantity: DecimalString;
  /** The event line it comes from, for the ledger history. */
  readonly line: number;
  /** For commitment kinds: the order ID (allocated) or shipment ID (in transit). */
  readonly reference?: string;
}

export type CommitmentKind = 'open' | 'close' | 'revise';

export function isCommitment(mv: Movement): mv is Movement & { kind: CommitmentKind; reference: string } {
  return mv.kind === 'open' || mv.kind === 'close' || mv.kind === 'revise';
}

/** What one commitment row holds for the bucket: max(0, opened − closed). */
export function outstanding(opened: DecimalString, closed: DecimalString): DecimalString {
  const rest = subtractDecimal(opened, closed);
  return compareDecimal(rest, '0') > 0 ? rest : '0';
}

/** Why an event produced no movements. */
export type Plan = { readonly movements: Movement[] } | { readonly held: string };

/**
 * The movements an event asks for, as pure rules (no I/O): what the ledger service then writes in one
 * transaction. An event with findings is held, never applied in part.
 */
export function planMovements(event: LedgerEvent): Plan {
  if (event.findings.length > 0) return { held: `${event.findings.length} mapping finding(s): ${event.findings.map((f) => f.code).join(', ')}` };
  switch (event.type) {
    case 'InventorySnapshotReported': return snapshot(event);
    case 'ShipmentConfirmed': return shipment(event);
    case 'InboundShipmentAdvised': return inbound(event);
    case 'WarehouseOrderReleased': return allocation(event);
    case 'GoodsReceived': return receipt(event);
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

/**
 * 945: what shipped leaves on hand, and the order's line is closed: in full when the warehouse says
 * what was ordered (a short ship releases the rest), else by what shipped (more may follow).
 */
function shipment(e: ShipmentConfirmed): Plan {
  const location = e.payload.warehouse;
  if (location === undefined) return { held: 'the shipment names no warehouse' };
  const movements: Movement[] = [];
  for (const line of e.payload.lines) {
    if (line.sku === undefined) return { held: `line ${line.line} has no SKU` };
    movements.push({ sku: line.sku, location, bucket: 'onHand', kind: 'delta', quantity: negate(line.shipped), line: line.line });
    const released = line.ordered !== undefined && compareDecimal(line.ordered, line.shipped) > 0 ? line.ordered : line.shipped;
    movements.push({ sku: line.sku, location, bucket: 'allocated', kind: 'close', quantity: released, line: line.line, reference: e.payload.orderId });
  }
  return { movements };
}

/** 856 from a supplier: stock on its way to the destination, open until a receipt closes it. */
function inbound(e: InboundShipmentAdvised): Plan {
  const location = e.payload.location;
  if (location === undefined) return { held: 'the shipment names no destination' };
  const movements: Movement[] = [];
  for (const line of e.payload.lines) {
    if (line.sku === undefined) return { held: `line ${line.line} has no SKU` };
    movements.push({ sku: line.sku, location, bucket: 'inTransit', kind: 'open', quantity: line.quantity, line: line.line, reference: e.payload.shipmentId });
  }
  return { movements };
}

/**
 * 940 released to a warehouse: the ordered quantities are allocated to the order; a cancel closes
 * them, a change restates them (per item, so two lines of one item are summed first).
 */
function allocation(e: WarehouseOrderReleased): Plan {
  const location = e.payload.warehouse;
  if (location === undefined) return { held: 'the order names no warehouse' };
  const kind = ({ original: 'open', cancel: 'close', change: 'revise' } as const)[e.payload.purpose];
  const movements: Movement[] = [];
  for (const line of e.payload.lines) {
    if (line.sku === undefined) return { held: `line ${line.line} has no SKU` };
    movements.push({ sku: line.sku, location, bucket: 'allocated', kind, quantity: line.quantity, line: line.line, reference: e.payload.orderId });
  }
  return { movements: kind === 'revise' ? summedPerItem(movements) : movements };
}

/** A receipt at our location: on hand goes up, and the supplier shipment it receives is closed. */
function receipt(e: GoodsReceived): Plan {
  const movements: Movement[] = [];
  for (const line of e.payload.lines) {
    movements.push({ sku: line.sku, location: e.payload.location, bucket: 'onHand', kind: 'delta', quantity: line.quantity, line: line.line });
    if (e.payload.shipmentId !== undefined) {
      movements.push({ sku: line.sku, location: e.payload.location, bucket: 'inTransit', kind: 'close', quantity: line.quantity, line: line.line, reference: e.payload.shipmentId });
    }
  }
  return { movements };
}

function summedPerItem(movements: readonly Movement[]): Movement[] {
  const byItem = new Map<string, Movement>();
  for (const mv of movements) {
    const key = `${mv.sku}\u0000${mv.location}`;
    const seen = byItem.get(key);
    byItem.set(key, seen === undefined ? mv : { ...seen, quantity: addDecimal(seen.quantity, mv.quantity) });
  }
  return [...byItem.values()];
}

function negate(q: DecimalString): DecimalString {
  return subtractDecimal('0', q);
}

import { WarehouseOrderReleased } from '@tradewire/canonical';
import { LedgerService } from '@tradewire/inventory';
import { generateWarehouseOrder, MappingContext, OutboundMappingError } from '@tradewire/mapping';
import { operatedLocations, PartnerProfile } from '@tradewire/partners';
import { AuditLog } from '@tradewire/persistence';
import { DataSource, EntityManager } from 'typeorm';
import { Expectation, Expectations } from '../acknowledgments/expectations';
import { storeOutbound } from '../outbound/outbound-sender';
import { allot, WarehouseOrderRequest } from './warehouse-order-request';

/** Why an order was not placed or cancelled: a stable code the API turns into a status. */
export class OrderRefused extends Error {
  constructor(readonly code: 'UNKNOWN_WAREHOUSE' | 'UNKNOWN_LOCATION' | 'UNKNOWN_CUSTOMER' | 'INSUFFICIENT_STOCK' | 'CANNOT_MAP' | 'NOT_FOUND' | 'NOT_CANCELLABLE', message: string, readonly detail: unknown = null) {
    super(`${code}: ${message}`);
  }
}

export interface OrderView {
  partnerId: string;
  orderId: string;
  location: string;
  status: 'released' | 'shipped' | 'cancelled';
  request: WarehouseOrderRequest;
  /** What the 940 released (and allocated), line by line. */
  released: Array<{ line: number; sku: string; quantity: string }>;
  backordered: Array<{ line: number; sku: string; quantity: string }>;
  outboundDocumentId: string | null;
  cancelDocumentId: string | null;
  /** The ASN sent to the order's customer once shipped, or why it could not be written. */
  asnDocumentId: string | null;
  asnError: string | null;
  createdBy: string;
  createdAt: Date;
}

/** What the caller must schedule once the transaction has committed: delivery, and the delayed checks. */
export interface FollowUps {
  readonly outboundDocumentIds: string[];
  readonly expectations: Expectation[];
}

type Profiles = { byId(id: string): PartnerProfile | undefined };

/**
 * Warehouse orders: allocate and release to a 3PL as a 940, or cancel (940 cancel, allocation
 * released). Each runs in one transaction: the order row (its primary key makes a second POST of the
 * same order a no-op), the balance locks and availability check, the control numbers, the stored
 * 940, the allocation in the ledger, the expectations and the audit entry commit together or not at
 * all, so two orders racing for the last units cannot both get them.
 */
export class OrderService {
  private readonly ledger: LedgerService;
  private readonly expectations: Expectations;
  private readonly audit: AuditLog;

  constructor(private readonly dataSource: DataSource, private readonly profiles: Profiles, private readonly now: () => Date = () => new Date()) {
    this.ledger = new LedgerService(dataSource);
    this.expectations = new Expectations(dataSource);
    this.audit = new AuditLog(dataSource);
  }

  async place(request: WarehouseOrderRequest, actor: string): Promise<{ created: boolean; order: OrderView; followUps: FollowUps }> {
    const profile = this.warehouse(request.warehouse);
    const location = locationAt(profile, request.location);
    if (request.customer !== undefined && !this.profiles.byId(request.customer)?.transactionSets.some((t) => t.set === '856' && t.direction === 'outbound')) {
      throw new OrderRefused('UNKNOWN_CUSTOMER', `${request.customer} is not a customer we send ASNs (856) to`);
    }
    return this.dataSource.transaction(async (m) => {
      const inserted = await m.query(
        `INSERT INTO warehouse_orders (partner_id, order_id, location, status, request, created_by) VALUES ($1, $2, $3, 'released', $4, $5) ON CONFLICT DO NOTHING RETURNING order_id`,
        [profile.id, request.orderId, location, JSON.stringify(request), actor],
      );
      if (inserted.length === 0) return { created: false, order: (await this.get(profile.id, request.orderId, m)) as OrderView, followUps: { outboundDocumentIds: [], expectations: [] } };
      const { release, backordered } = allot(request.lines, await lockAvailable(m, request.lines.map((l) => l.sku), location));
      if (release.length === 0 || (backordered.length > 0 && request.shortage === 'refuse')) {
        throw new OrderRefused('INSUFFICIENT_STOCK', `not enough available to promise at ${location}`, { backordered });
      }
      const followUps = await this.release(m, profile, { ...request, lines: release }, location, 'original');
      await m.query(`UPDATE warehouse_orders SET outbound_document_id = $3, released = $4, backordered = $5 WHERE partner_id = $1 AND order_id = $2`, [
        profile.id, request.orderId, followUps.outboundDocumentIds[0], JSON.stringify(release), JSON.stringify(backordered),
      ]);
      await this.audit.record({ actor, action: 'order placed', targetType: 'order', targetId: `${profile.id}/${request.orderId}`, before: {}, after: { location, release, backordered } }, m);
      return { created: true, order: (await this.get(profile.id, request.orderId, m)) as OrderView, followUps };
    });
  }

  /** Sends the 940 cancel for what was released and closes the allocation; a shipped order cannot be cancelled. */
  async cancel(partnerId: string, orderId: string, actor: string): Promise<{ order: OrderView; followUps: FollowUps }> {
    const profile = this.warehouse(partnerId);
    return this.dataSource.transaction(async (m) => {
      const [row] = (await m.query(`SELECT status FROM warehouse_orders WHERE partner_id = $1 AND order_id = $2 FOR UPDATE`, [partnerId, orderId])) as Array<{ status: string }>;
      if (row === undefined) throw new OrderRefused('NOT_FOUND', `no order ${orderId} at ${partnerId}`);
      if (row.status !== 'released') throw new OrderRefused('NOT_CANCELLABLE', `order ${orderId} is ${row.status}`);
      const order = (await this.get(partnerId, orderId, m)) as OrderView;
      const followUps = await this.release(m, profile, { ...order.request, lines: order.released }, order.location, 'cancel');
      await m.query(`UPDATE warehouse_orders SET status = 'cancelled', cancel_document_id = $3, updated_at = now() WHERE partner_id = $1 AND order_id = $2`, [partnerId, orderId, followUps.outboundDocumentIds[0]]);
      await this.expectations.cancelShipment(m, partnerId, orderId);
      await this.audit.record({ actor, action: 'order cancelled', targetType: 'order', targetId: `${partnerId}/${orderId}`, before: { status: 'released' }, after: { status: 'cancelled' } }, m);
      return { order: (await this.get(partnerId, orderId, m)) as OrderView, followUps };
    });
  }

  async get(partnerId: string, orderId: string, m: EntityManager = this.dataSource.manager): Promise<OrderView | null> {
    const [r] = await m.query(`SELECT * FROM warehouse_orders WHERE partner_id = $1 AND order_id = $2`, [partnerId, orderId]);
    if (r === undefined) return null;
    return {
      partnerId: r.partner_id, orderId: r.order_id, location: r.location, status: r.status, request: r.request, released: r.released, backordered: r.backordered,
      outboundDocumentId: r.outbound_document_id, cancelDocumentId: r.cancel_document_id, asnDocumentId: r.asn_document_id, asnError: r.asn_error, createdBy: r.created_by, createdAt: r.created_at,
    };
  }

  /** Writes and stores the 940, applies the event read back from it, and records what we now wait for. */
  private async release(m: EntityManager, profile: PartnerProfile, order: Omit<WarehouseOrderRequest, 'lines'> & { lines: Array<{ line: number; sku: string; quantity: string }> }, location: string, purpose: 'original' | 'cancel'): Promise<FollowUps> {
    const now = this.now();
    const event = orderEvent(profile, order, location, purpose, now);
    const sent = await mapped(() => storeOutbound(m, profile, '940', now, (context, control) => generateWarehouseOrder(event, context, control)));
    if (sent.event === null || sent.event.type !== 'WarehouseOrderReleased') throw new Error('the 940 we wrote does not read back as a warehouse order');
    const outcome = await this.ledger.applyIn(m, sent.event);
    if (outcome.status !== 'applied') throw new Error(`the 940's allocation was not applied: ${JSON.stringify(outcome)}`);
    const expectations = await this.expectations.expect(m, profile, sent, now, purpose === 'original' ? order.orderId : undefined);
    return { outboundDocumentIds: [sent.outboundDocumentId], expectations };
  }

  private warehouse(partnerId: string): PartnerProfile {
    const profile = this.profiles.byId(partnerId);
    if (profile === undefined || !profile.roles.includes('3pl-warehouse')) throw new OrderRefused('UNKNOWN_WAREHOUSE', `${partnerId} is not a 3PL warehouse partner`);
    if (!profile.transactionSets.some((t) => t.set === '940' && t.direction === 'outbound')) throw new OrderRefused('UNKNOWN_WAREHOUSE', `${partnerId}'s profile does not receive 940s`);
    return profile;
  }
}

/** The location the order ships from: the one given, which the 3PL must run, or its only one. */
function locationAt(profile: PartnerProfile, given: string | undefined): string {
  const runs = operatedLocations(profile);
  if (given !== undefined && runs.includes(given)) return given;
  if (given === undefined && runs.length === 1) return runs[0];
  throw new OrderRefused('UNKNOWN_LOCATION', given === undefined ? `${profile.id} runs ${runs.length} locations; name one of ${runs.join(', ')}` : `${profile.id} does not run ${given}`);
}

/** Available to promise per SKU at the location, its balance rows locked until the transaction ends. */
async function lockAvailable(m: EntityManager, skus: readonly string[], location: string): Promise<Map<string, string>> {
  const unique = [...new Set(skus)].sort();
  await m.query(`INSERT INTO inventory_balances (sku, location) SELECT unnest($1::text[]), $2 ON CONFLICT DO NOTHING`, [unique, location]);
  const rows = (await m.query(
    `SELECT sku, (on_hand - allocated - on_hold)::text AS atp FROM inventory_balances WHERE location = $2 AND sku = ANY($1) ORDER BY sku FOR UPDATE`,
    [unique, location],
  )) as Array<{ sku: string; atp: string }>;
  return new Map(rows.map((r) => [r.sku, r.atp.replace(/\.?0+$/, '') || '0']));
}

function orderEvent(profile: PartnerProfile, order: Omit<WarehouseOrderRequest, 'lines'> & { lines: Array<{ line: number; sku: string; quantity: string }> }, location: string, purpose: 'original' | 'cancel', now: Date): WarehouseOrderReleased {
  const context = new MappingContext(profile, '940', 'outbound');
  const source = { partner: profile.id, interchangeDate: '000000', interchange: '0', group: '0', transaction: '0', set: '940' };
  const lines = order.lines.map((l) => {
    const item = context.partnerItem(l.sku, { segment: 'W01', position: 1, element: 'W0105', line: l.line });
    return { line: l.line, sku: l.sku, partnerItem: item.ok ? item.value : { qualifier: '??', value: l.sku }, quantity: l.quantity, unit: 'EA' };
  });
  return {
    type: 'WarehouseOrderReleased', version: 1, idempotencyKey: `draft|${order.orderId}`, source, occurredAt: now.toISOString(), findings: [],
    payload: {
      orderId: order.orderId, purpose, warehouse: location, shipTo: order.shipTo, lines,
      ...(order.purchaseOrder !== undefined ? { purchaseOrder: order.purchaseOrder } : {}),
      ...(order.requestedShipDate !== undefined ? { requestedShipDate: order.requestedShipDate } : {}),
    },
  };
}

/** A document that cannot be written for the partner (an item with no partner code…) refuses the order, listing why. */
async function mapped<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof OutboundMappingError) throw new OrderRefused('CANNOT_MAP', e.message, { problems: e.problems });
    throw e;
  }
}

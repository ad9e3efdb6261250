import { ShipmentConfirmed, ShipmentNoticeIssued, sscc } from '@tradewire/canonical';
import { generateShipNotice, MappingContext, OutboundMappingError } from '@tradewire/mapping';
import { PartnerProfile } from '@tradewire/partners';
import { prepared } from '@tradewire/persistence';
import { EntityManager } from 'typeorm';
import { Expectations } from '../acknowledgments/expectations';
import { storeOutbound } from '../outbound/outbound-sender';
import { FollowUps } from './order.service';
import { WarehouseOrderRequest } from './warehouse-order-request';

type Profiles = { byId(id: string): PartnerProfile | undefined };

type ClosedOrder = { request: WarehouseOrderRequest; asn_document_id: string | null };

/**
 * A 945 closes its order, and the ASN the order's customer gets when the 3PL confirms the shipment: an 856 in the customer's
 * hierarchy (its profile), with what actually shipped, the carrier and bill of lading from the 945,
 * and one SSCC for the shipment's pallet (from our GS1 company prefix and a sequence). Runs in the
 * apply stage's transaction, for the 945s of a batch together (one statement closes their orders),
 * then once per order that needs its notice. A notice that cannot be written for the customer (an
 * item it has no code for) is recorded on the order for ops, and never holds back the stock.
 * Returns what to schedule, per event that issued a notice.
 */
export async function issueShipNotices(m: EntityManager, profiles: Profiles, events: readonly ShipmentConfirmed[], gs1CompanyPrefix: string | undefined, now: Date): Promise<Map<ShipmentConfirmed, FollowUps>> {
  const orders = await closeOrders(m, events);
  const issued = new Map<ShipmentConfirmed, FollowUps>();
  const noticed = new Set<string>();
  for (const event of events) {
    const key = orderKey(event.source.partner, event.payload.orderId);
    const order = orders.get(key);
    // A second 945 for the same order in the batch sees the first one's notice, as it would after a commit.
    if (order === undefined || noticed.has(key)) continue;
    const due = await issueShipNotice(m, profiles, event, order, gs1CompanyPrefix, now);
    if (due === 'not-wanted') continue;
    noticed.add(key);
    if (due !== null) issued.set(event, due);
  }
  return issued;
}

async function issueShipNotice(m: EntityManager, profiles: Profiles, event: ShipmentConfirmed, order: ClosedOrder, gs1CompanyPrefix: string | undefined, now: Date): Promise<FollowUps | null | 'not-wanted'> {
  const customer = order.request.customer === undefined ? undefined : profiles.byId(order.request.customer);
  if (customer === undefined || order.asn_document_id !== null || !wantsAsns(customer)) return 'not-wanted';
  const shipped = event.payload.lines.filter((l) => l.sku !== undefined && Number(l.shipped) > 0);
  if (shipped.length === 0) return 'not-wanted';
  const [{ serial }] = (await m.query(`SELECT nextval('sscc_serials')::int AS serial`)) as Array<{ serial: number }>;
  const notice = noticeFor(customer, order.request, event, shipped, gs1CompanyPrefix === undefined ? undefined : sscc(0, gs1CompanyPrefix, serial), now);
  // A savepoint: a notice that cannot be written gives its control numbers back (none is skipped).
  await m.query('SAVEPOINT ship_notice');
  try {
    const sent = await storeOutbound(m, customer, '856', now, (context, control) => generateShipNotice(notice, context, control));
    await m.query('RELEASE SAVEPOINT ship_notice');
    await m.query(`UPDATE warehouse_orders SET asn_document_id = $3, asn_error = NULL WHERE partner_id = $1 AND order_id = $2`, [event.source.partner, event.payload.orderId, sent.outboundDocumentId]);
    const expectations = await new Expectations(m.connection).expect(m, customer, sent, now);
    return { outboundDocumentIds: [sent.outboundDocumentId], expectations };
  } catch (e) {
    if (!(e instanceof OutboundMappingError)) throw e;
    await m.query('ROLLBACK TO SAVEPOINT ship_notice');
    await m.query(`UPDATE warehouse_orders SET asn_error = $3 WHERE partner_id = $1 AND order_id = $2`, [event.source.partner, event.payload.orderId, e.message]);
    return null;
  }
}

/**
 * What the 945s settle of what we sent, in one statement: each order's shipment expectation
 * fulfilled (by the first 945 of the batch for it), each order shipped (its row locked until the
 * transaction ends), and the orders as they are now, by partner and order ID.
 */
async function closeOrders(m: EntityManager, events: readonly ShipmentConfirmed[]): Promise<Map<string, ClosedOrder>> {
  // In key order: two batches applying at once lock the orders they share in the same order.
  const first = [...new Map([...events].reverse().map((e) => [orderKey(e.source.partner, e.payload.orderId), e])).entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, e]) => e);
  if (first.length === 0) return new Map();
  const rows = await prepared<ClosedOrder & { partner_id: string; order_id: string }>(
    m,
    `WITH s AS (SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) AS s(partner_id, order_id, settled_by)),
     fulfilled AS (
       UPDATE expectations e SET status = 'fulfilled', settled_at = now(), settled_by = s.settled_by FROM s
       WHERE e.partner_id = s.partner_id AND e.kind = 'shipment' AND e.reference = s.order_id AND e.status IN ('pending', 'overdue')
     )
     UPDATE warehouse_orders o SET status = CASE WHEN o.status = 'released' THEN 'shipped' ELSE o.status END, updated_at = now() FROM s
     WHERE o.partner_id = s.partner_id AND o.order_id = s.order_id RETURNING o.partner_id, o.order_id, o.request, o.asn_document_id`,
    [first.map((e) => e.source.partner), first.map((e) => e.payload.orderId), first.map((e) => e.idempotencyKey)],
  );
  return new Map(rows.map((r) => [orderKey(r.partner_id, r.order_id), r]));
}

function orderKey(partner: string, orderId: string): string {
  return `${partner}\u0000${orderId}`;
}

function wantsAsns(profile: PartnerProfile): boolean {
  return profile.transactionSets.some((t) => t.set === '856' && t.direction === 'outbound');
}

function noticeFor(customer: PartnerProfile, order: WarehouseOrderRequest, event: ShipmentConfirmed, shipped: ShipmentConfirmed['payload']['lines'], pallet: string | undefined, now: Date): ShipmentNoticeIssued {
  const context = new MappingContext(customer, '856', 'outbound');
  const p = event.payload;
  const items = shipped.map((l) => {
    const sku = l.sku as string;
    const item = context.partnerItem(sku, { segment: 'LIN', position: 1, element: 'LIN03', line: l.line });
    // An unknown item keeps its SKU here; the generator then lists it as a problem (OutboundMappingError).
    return { sku, partnerItem: item.ok ? item.value : { qualifier: '??', value: sku }, quantity: l.shipped, unit: 'EA' };
  });
  const source = { partner: customer.id, interchangeDate: '000000', interchange: '0', group: '0', transaction: '0', set: '856' };
  return {
    type: 'ShipmentNoticeIssued', version: 1, idempotencyKey: `draft|${p.orderId}`, source, occurredAt: now.toISOString(), findings: [],
    payload: {
      shipmentId: p.billOfLading ?? p.orderId, shippedAt: p.shippedAt, shipTo: order.shipTo,
      ...(p.carrier !== undefined ? { carrier: p.carrier } : {}), ...(p.billOfLading !== undefined ? { billOfLading: p.billOfLading } : {}),
      orders: [{ purchaseOrder: order.purchaseOrder ?? p.purchaseOrder ?? p.orderId, packs: [{ ...(pallet !== undefined ? { sscc: pallet } : {}), items }] }],
    },
  };
}

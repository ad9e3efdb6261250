import { ShipmentConfirmed, ShipmentNoticeIssued, sscc } from '@tradewire/canonical';
import { generateShipNotice, MappingContext, OutboundMappingError } from '@tradewire/mapping';
import { PartnerProfile } from '@tradewire/partners';
import { EntityManager } from 'typeorm';
import { Expectations } from '../acknowledgments/expectations';
import { storeOutbound } from '../outbound/outbound-sender';
import { FollowUps } from './order.service';
import { WarehouseOrderRequest } from './warehouse-order-request';

type Profiles = { byId(id: string): PartnerProfile | undefined };

/**
 * A 945 closes its order, and the ASN the order's customer gets when the 3PL confirms the shipment: an 856 in the customer's
 * hierarchy (its profile), with what actually shipped, the carrier and bill of lading from the 945,
 * and one SSCC for the shipment's pallet (from our GS1 company prefix and a sequence). Runs in the
 * apply stage's transaction, once per order. A notice that cannot be written for the customer (an
 * item it has no code for) is recorded on the order for ops, and never holds back the stock.
 */
export async function issueShipNotice(m: EntityManager, profiles: Profiles, event: ShipmentConfirmed, gs1CompanyPrefix: string | undefined, now: Date): Promise<FollowUps | null> {
  const order = await closeOrder(m, event);
  const customer = order?.request.customer === undefined ? undefined : profiles.byId(order.request.customer);
  if (order === undefined || customer === undefined || order.asn_document_id !== null || !wantsAsns(customer)) return null;
  const shipped = event.payload.lines.filter((l) => l.sku !== undefined && Number(l.shipped) > 0);
  if (shipped.length === 0) return null;
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
 * What a 945 settles of what we sent, in one statement: the order's shipment expectation fulfilled,
 * the order shipped (its row locked until the transaction ends), and the order as it is now.
 */
async function closeOrder(m: EntityManager, event: ShipmentConfirmed): Promise<{ request: WarehouseOrderRequest; asn_document_id: string | null } | undefined> {
  const [order] = (await m.query(
    `WITH fulfilled AS (
       UPDATE expectations SET status = 'fulfilled', settled_at = now(), settled_by = $3
       WHERE partner_id = $1 AND kind = 'shipment' AND reference = $2 AND status IN ('pending', 'overdue')
     )
     UPDATE warehouse_orders SET status = CASE WHEN status = 'released' THEN 'shipped' ELSE status END, updated_at = now()
     WHERE partner_id = $1 AND order_id = $2 RETURNING request, asn_document_id`,
    [event.source.partner, event.payload.orderId, event.idempotencyKey],
  )) as Array<Array<{ request: WarehouseOrderRequest; asn_document_id: string | null }>>;
  // TypeORM answers an UPDATE … RETURNING on PostgreSQL with [rows, affected].
  return Array.isArray(order) ? order[0] : (order as unknown as { request: WarehouseOrderRequest; asn_document_id: string | null } | undefined);
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

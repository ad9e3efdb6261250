import { ShipmentNoticeIssued } from '@tradewire/canonical';
import { SegmentData, TransactionSetDocument } from '@tradewire/x12';
import { MappingContext } from '../context/mapping-context';
import { BILL_OF_LADING, CARRIER_REFERENCE, HIERARCHICAL_STRUCTURE, ORIGINAL, SCAC_QUALIFIER, SHIP_TO, SHIPPED, SSCC } from './outbound-codes';
import { checkOutboundEvent } from './outbound-input';
import { throwIfProblems } from './outbound-mapping.error';
import { outboundItem } from './partner-items';
import { partySegments } from './party-segments';
import { hashTotal, transactionControl, x12Quantity, x12Timestamp, x12Unit } from './x12-values';

type Payload = ShipmentNoticeIssued['payload'];
type Order = Payload['orders'][number];
type Pack = Order['packs'][number];
type Item = Pack['items'][number];
export type Hierarchy = 'SOPI' | 'SOI';

/**
 * ShipmentNoticeIssued → 856 Ship Notice/Manifest in the hierarchy the customer's profile asks for
 * (mapping.hierarchy, default SOPI):
 *
 *   BSN*00*{shipmentId}*{issued date}*{issued time}*{0001|0004}
 *   HL*1**S*1  TD5**2*{SCAC}  REF*BM*{bill of lading}  REF*CN*{tracking}  DTM*011*{shipped}  N1*ST…
 *   HL*n*1*O*1  PRF*{purchase order}                                               (per order)
 *   SOPI: HL*n*o*P*1  MAN*GM*{SSCC}   then   HL*n*p*I*0  LIN**{qualifier}*{item}  SN1**{qty}*{unit}
 *   SOI:  HL*n*o*I*0  LIN**{qualifier}*{item}  SN1**{qty}*{unit}  MAN*GM*{SSCC of its pack}
 *   CTT*{number of HL}*{hash total of SN102}
 *
 * In 0004 there is no pack level, so each item carries its pack's SSCC in MAN, which the 856 allows in
 * every HL loop; a reader regroups consecutive items with the same SSCC into one pack.
 */
export function generateShipNotice(event: ShipmentNoticeIssued, context: MappingContext, control: string | number): TransactionSetDocument {
  const problems = checkOutboundEvent(event, context, '856');
  const hierarchy: Hierarchy = context.options.hierarchy ?? 'SOPI';
  const p = event.payload;
  problems.push(...repeatedSsccs(p));
  // BSN03/BSN04 are when the notice was issued (the event's time); DTM*011 is when the goods left.
  const issued = x12Timestamp(event.occurredAt, 'occurredAt', problems);
  const writer = new HierarchyWriter(context, problems);
  writer.body.push(['BSN', ORIGINAL, p.shipmentId, issued.date, issued.time, HIERARCHICAL_STRUCTURE[hierarchy]]);
  const shipment = writer.level('', 'S', p.orders.length > 0);
  writer.body.push(...shipmentSegments(p, problems));
  p.orders.forEach((order, o) => writer.order(shipment, order, `orders[${o}]`, hierarchy));
  // 856 CTT: CTT01 is the number of HL segments, CTT02 the hash total of SN102.
  writer.body.push(['CTT', String(writer.count), hashTotal(writer.shipped)]);
  throwIfProblems(`856 for ${context.profile.id}`, problems);
  return { set: '856', control: transactionControl(control), segments: writer.body };
}

/**
 * An SSCC identifies one logistic unit (GS1), so it appears on one pack only; in S-O-I it is also
 * the only thing that tells packs apart.
 */
function repeatedSsccs(p: Payload): string[] {
  const ssccs = p.orders.flatMap((o) => o.packs.flatMap((k) => (k.sscc === undefined ? [] : [k.sscc])));
  const repeated = [...new Set(ssccs.filter((s, i) => ssccs.indexOf(s) !== i))];
  return repeated.map((s) => `SSCC ${s} is on more than one pack`);
}

/** The shipment level: carrier, references, ship date and ship-to. */
function shipmentSegments(p: Payload, problems: string[]): SegmentData[] {
  const segments: SegmentData[] = [];
  // TD5 R0204050612 is met by TD502; C0203: with TD502, TD503 is required.
  if (p.carrier?.scac !== undefined) segments.push(['TD5', '', SCAC_QUALIFIER, p.carrier.scac]);
  if (p.billOfLading !== undefined) segments.push(['REF', BILL_OF_LADING, p.billOfLading]);
  if (p.carrier?.trackingNumber !== undefined) segments.push(['REF', CARRIER_REFERENCE, p.carrier.trackingNumber]);
  const shipped = x12Timestamp(p.shippedAt, 'shippedAt', problems);
  segments.push(['DTM', SHIPPED, shipped.date, shipped.time]);
  segments.push(...partySegments(SHIP_TO, p.shipTo, 'shipTo', problems));
  return segments;
}

/** Writes HL levels numbered 1..n in order (HL01), each naming its parent (HL02) and whether children follow (HL04). */
class HierarchyWriter {
  readonly body: SegmentData[] = [];
  /** SN102 of every item, for the CTT02 hash total. */
  readonly shipped: string[] = [];
  private next = 1;

  constructor(private readonly context: MappingContext, private readonly problems: string[]) {}

  get count(): number {
    return this.next - 1;
  }

  level(parent: string, code: 'S' | 'O' | 'P' | 'I', hasChildren: boolean): string {
    const id = String(this.next++);
    this.body.push(['HL', id, parent, code, hasChildren ? '1' : '0']);
    return id;
  }

  order(parent: string, order: Order, where: string, hierarchy: Hierarchy): void {
    const children = hierarchy === 'SOPI' ? order.packs.length : order.packs.reduce((n, pack) => n + pack.items.length, 0);
    const id = this.level(parent, 'O', children > 0);
    this.body.push(['PRF', order.purchaseOrder]);
    order.packs.forEach((pack, k) => {
      if (hierarchy === 'SOI') {
        pack.items.forEach((item, i) => this.item(id, item, `${where}.packs[${k}].items[${i}]`, pack.sscc));
        return;
      }
      const packId = this.level(id, 'P', pack.items.length > 0);
      if (pack.sscc !== undefined) this.body.push(['MAN', SSCC, pack.sscc]);
      pack.items.forEach((item, i) => this.item(packId, item, `${where}.packs[${k}].items[${i}]`));
    });
  }

  /** An item level; `sscc` only in SOI, where the item carries its pack's SSCC (MAN follows SN1 in the HL loop). */
  private item(parent: string, item: Item, where: string, sscc?: string): void {
    this.level(parent, 'I', false);
    const partnerItem = outboundItem(item, this.context, { segment: 'LIN', position: this.body.length + 2, element: 'LIN03' }, where, this.problems);
    const quantity = x12Quantity(item.quantity, where, this.problems);
    this.body.push(['LIN', '', partnerItem.qualifier, partnerItem.value]);
    this.body.push(['SN1', '', quantity, x12Unit(item.unit, where, this.problems)]);
    if (sscc !== undefined) this.body.push(['MAN', SSCC, sscc]);
    this.shipped.push(quantity);
  }
}

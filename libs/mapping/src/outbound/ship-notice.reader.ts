import { idempotencyKey, isDecimal, MappingFinding, normalizeDecimal, ShipmentNoticeIssued } from '@tradewire/canonical';
import { Segment } from '@tradewire/x12';
import { At } from '../context/mapping-context';
import { documentTime, sourceOf, TranslationInput } from '../context/translation-input';
import { isoDateTime } from '../context/x12-dates';
import { locate, readItem } from './partner-items';
import { readParty } from './party-segments';
import { BILL_OF_LADING, CARRIER_REFERENCE, MISSING, SCAC_QUALIFIER, SHIP_TO, SHIPPED, SSCC } from './outbound-codes';

type Payload = ShipmentNoticeIssued['payload'];
type Order = Payload['orders'][number];
type Pack = Order['packs'][number];
type Item = Pack['items'][number];

/** LIN product ID qualifiers: LIN02 (with LIN03), LIN04 (LIN05) … */
const LIN_ITEM_QUALIFIERS = [2, 4, 6, 8, 10];

/** One HL loop: the HL at `start` and the segments up to the next HL (ST = position 1, so index i is position i + 1). */
interface HlLoop {
  readonly hl: Segment;
  readonly start: number;
  readonly end: number;
}

/** What an HL level became: the order or pack it opened. */
interface Level {
  readonly code: string;
  readonly order?: Order;
  readonly pack?: Pack;
}

/**
 * 856 we sent → ShipmentNoticeIssued (replay, round trips). Reads either hierarchy: items under a pack
 * (0001 S-O-P-I) belong to it; items directly under an order (0004 S-O-I) are grouped into packs by the
 * SSCC in their MAN*GM, consecutive items with the same SSCC (or none) forming one pack. Quantities
 * are read as written (an outbound document is already in our units). BSN03/BSN04 give `occurredAt`.
 */
export function readShipNotice(input: TranslationInput): ShipmentNoticeIssued {
  const { segments } = input;
  const reader = new ShipNoticeReader(input);
  hlLoops(segments).forEach((loop) => reader.read(loop));
  const bsn = segments.find((s) => s.tag === 'BSN');
  const occurredAt = documentTime(input, bsn === undefined ? null : isoDateTime(bsn.element(3), bsn.element(4)));
  const source = sourceOf(input);
  return {
    type: 'ShipmentNoticeIssued', version: 1, idempotencyKey: idempotencyKey('ShipmentNoticeIssued', source), source,
    occurredAt, findings: reader.findings,
    payload: { ...reader.shipment, shipmentId: bsn?.element(2) || MISSING, shippedAt: reader.shippedAt ?? occurredAt, shipTo: reader.shipToOrFinding(), orders: reader.orders },
  };
}

function hlLoops(segments: readonly Segment[]): HlLoop[] {
  const starts = segments.flatMap((s, i) => (s.tag === 'HL' ? [i] : []));
  return starts.map((start, k) => ({ hl: segments[start], start, end: starts[k + 1] ?? segments.length }));
}

class ShipNoticeReader {
  readonly findings: MappingFinding[] = [];
  readonly orders: Order[] = [];
  shipment: Omit<Payload, 'shipmentId' | 'shippedAt' | 'orders' | 'shipTo'> = {};
  shipTo: Payload['shipTo'] | undefined;
  shippedAt: string | undefined;
  private readonly levels = new Map<string, Level>();

  constructor(private readonly input: TranslationInput) {}

  read(loop: HlLoop): void {
    const code = loop.hl.element(3);
    const parent = this.levels.get(loop.hl.element(2));
    if (code === 'S') this.readShipment(loop);
    else if (code === 'O') this.levels.set(loop.hl.element(1), { code, order: this.readOrder(loop) });
    else if (code === 'P' && parent?.order !== undefined) this.levels.set(loop.hl.element(1), { code, pack: this.readPack(loop, parent.order) });
    else if (code === 'I' && (parent?.pack !== undefined || parent?.order !== undefined)) this.readItem(loop, parent);
    else this.findings.push({ code: 'INVALID_VALUE', message: `HL ${loop.hl.element(1)} (level ${code}) has no place under HL ${loop.hl.element(2) || '(none)'}`, ...locate(this.at(loop.start, 'HL03')) });
  }

  private readShipment(loop: HlLoop): void {
    const carrier: { scac?: string; trackingNumber?: string } = {};
    for (let i = loop.start + 1; i < loop.end; i++) {
      const s = this.input.segments[i];
      if (s.tag === 'TD5' && s.element(2) === SCAC_QUALIFIER && s.element(3) !== '') carrier.scac = s.element(3);
      else if (s.tag === 'REF' && s.element(1) === BILL_OF_LADING) this.shipment.billOfLading = s.element(2);
      else if (s.tag === 'REF' && s.element(1) === CARRIER_REFERENCE) carrier.trackingNumber = s.element(2);
      else if (s.tag === 'DTM' && s.element(1) === SHIPPED) this.shippedAt = this.dateTime(s, i);
      else if (s.tag === 'N1' && s.element(1) === SHIP_TO) this.shipTo = readParty(this.input.segments, i);
    }
    if (carrier.scac !== undefined || carrier.trackingNumber !== undefined) this.shipment.carrier = carrier;
  }

  /** The ship-to, or an empty party with a finding: an ASN without one cannot be delivered. */
  shipToOrFinding(): Payload['shipTo'] {
    if (this.shipTo === undefined) this.findings.push({ code: 'MISSING_VALUE', message: 'the 856 has no ship-to (N1*ST) at the shipment level' });
    return this.shipTo ?? {};
  }

  private dateTime(dtm: Segment, index: number): string | undefined {
    const iso = isoDateTime(dtm.element(2), dtm.element(3));
    if (iso === null) this.findings.push({ code: 'INVALID_VALUE', message: `DTM*${dtm.element(1)} date/time "${dtm.element(2)} ${dtm.element(3)}" is not valid`, ...locate(this.at(index, 'DTM02')) });
    return iso ?? undefined;
  }

  private readOrder(loop: HlLoop): Order {
    const prf = this.find(loop, (s) => s.tag === 'PRF');
    if (prf === undefined) this.findings.push({ code: 'MISSING_VALUE', message: `order HL ${loop.hl.element(1)} has no PRF (purchase order)`, ...locate(this.at(loop.start, 'PRF01')) });
    const order: Order = { purchaseOrder: prf?.segment.element(1) || MISSING, packs: [] };
    this.orders.push(order);
    return order;
  }

  private readPack(loop: HlLoop, order: Order): Pack {
    const pack: Pack = { ...this.ssccOf(loop), items: [] };
    order.packs.push(pack);
    return pack;
  }

  /** An item joins its pack (S-O-P-I), or in S-O-I the order's last pack when the SSCC is the same, else a new one. */
  private readItem(loop: HlLoop, parent: Level): void {
    const item = this.itemOf(loop);
    if (item === null) return;
    if (parent.pack !== undefined) {
      parent.pack.items.push(item);
      return;
    }
    const order = parent.order as Order;
    const sscc = this.ssccOf(loop);
    const last = order.packs[order.packs.length - 1];
    if (last !== undefined && last.sscc === sscc.sscc) last.items.push(item);
    else order.packs.push({ ...sscc, items: [item] });
  }

  private itemOf(loop: HlLoop): Item | null {
    const lin = this.find(loop, (s) => s.tag === 'LIN');
    const sn1 = this.find(loop, (s) => s.tag === 'SN1');
    if (lin === undefined || sn1 === undefined) {
      this.findings.push({ code: 'MISSING_VALUE', message: `item HL ${loop.hl.element(1)} needs a LIN and an SN1`, ...locate(this.at(loop.start, lin === undefined ? 'LIN03' : 'SN102')) });
      return null;
    }
    const ref = readItem(lin.segment, LIN_ITEM_QUALIFIERS, this.input.context, (element) => this.at(lin.index, element), this.findings);
    const quantity = sn1.segment.element(2);
    if (!isDecimal(quantity)) this.findings.push({ code: 'INVALID_VALUE', message: `SN102 "${quantity}" is not a number`, value: quantity, ...locate(this.at(sn1.index, 'SN102')) });
    if (ref === null || !isDecimal(quantity)) return null;
    return { ...ref, quantity: normalizeDecimal(quantity), unit: sn1.segment.element(3) };
  }

  /** MAN*GM in the loop: an SSCC-18 is 18 digits (the contract's rule); anything else is a finding, not a guess. */
  private ssccOf(loop: HlLoop): { sscc?: string } {
    const man = this.find(loop, (s) => s.tag === 'MAN' && s.element(1) === SSCC);
    if (man === undefined) return {};
    const value = man.segment.element(2);
    if (/^[0-9]{18}$/.test(value)) return { sscc: value };
    this.findings.push({ code: 'INVALID_VALUE', message: `MAN02 "${value}" is not an 18-digit SSCC`, value, ...locate(this.at(man.index, 'MAN02')) });
    return {};
  }

  private find(loop: HlLoop, test: (s: Segment) => boolean): { segment: Segment; index: number } | undefined {
    for (let i = loop.start + 1; i < loop.end; i++) if (test(this.input.segments[i])) return { segment: this.input.segments[i], index: i };
    return undefined;
  }

  private at(index: number, element: string): At {
    return { segment: this.input.segments[index].tag, position: index + 1, element };
  }
}

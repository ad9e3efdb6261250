import { idempotencyKey, MappingFinding, ShipmentConfirmed } from '@tradewire/canonical';
import { Segment } from '@tradewire/x12';
import { At } from '../context/mapping-context';
import { documentTime, positioned, sourceOf, TranslationInput } from '../context/translation-input';
import { isoDateTime } from '../context/x12-dates';
import { baseQuantity, chooseProductId, designator, MISSING, missingValue, partyLocation, Positioned, ProductId, productIdPairs, reference, requiredText, resolveSku } from './partner-values';

type Line = ShipmentConfirmed['payload']['lines'][number];

/** G6201 11: "Shipped on This Date", the one header G62 that says when the goods left. */
const SHIPPED_ON = '11';

/**
 * 945 Warehouse Shipping Advice → ShipmentConfirmed: one event per transaction set, one line per W12
 * (numbered by its LX), quantities in our base unit. A short ship stays visible as ordered > shipped.
 */
export function mapShippingAdvice(input: TranslationInput): ShipmentConfirmed {
  const findings: MappingFinding[] = [];
  const segments = positioned(input.segments);
  const firstDetail = segments.findIndex(({ segment }) => segment.tag === 'LX' || segment.tag === 'W12');
  const header = segments.slice(0, firstDetail < 0 ? undefined : firstDetail);
  const w06 = header.find(({ segment }) => segment.tag === 'W06');
  const orderId = w06 === undefined ? MISSING : requiredText(w06.segment.element(2), 'depositor order number', { segment: 'W06', position: w06.position, element: 'W0602' }, findings);
  if (w06 === undefined) findings.push(missingValue('the 945 has no W06 (warehouse shipment identification)', { segment: 'W06' }));
  const shippedAt = shipmentTime(input, header, w06, findings);
  const warehouse = partyLocation(input, header, ['SF', 'WH'], findings);
  const carrier = carrierOf(header);
  const billOfLading = w06?.segment.element(4) || reference(header, 'N9', 'BM');
  const purchaseOrder = w06?.segment.element(6) || reference(header, 'N9', 'PO');
  const lines = firstDetail < 0 ? [] : detailLines(input, segments.slice(firstDetail), findings);
  const source = sourceOf(input);
  return {
    type: 'ShipmentConfirmed', version: 1, idempotencyKey: idempotencyKey('ShipmentConfirmed', source), source,
    occurredAt: shippedAt, findings,
    payload: {
      orderId,
      ...(purchaseOrder ? { purchaseOrder } : {}),
      shippedAt,
      ...(billOfLading ? { billOfLading } : {}),
      ...(warehouse === undefined ? {} : { warehouse }),
      ...(carrier === undefined ? {} : { carrier }),
      lines,
    },
  };
}

/**
 * When the goods left: a header G62*11 (shipped on, with its time) when there is one, else W0603.
 * Without either the interchange's time stands in, with a finding: it is when the 3PL wrote the
 * file, not when the truck left, and stock must not move on a guess.
 */
function shipmentTime(input: TranslationInput, header: readonly Positioned[], w06: Positioned | undefined, findings: MappingFinding[]): string {
  const g62 = header.find(({ segment }) => segment.tag === 'G62' && segment.element(1) === SHIPPED_ON)?.segment;
  const fromG62 = g62 === undefined ? null : isoDateTime(g62.element(2), g62.element(4));
  if (fromG62 !== null) return fromG62;
  const date = w06?.segment.element(3) ?? '';
  const fromW06 = isoDateTime(date);
  if (fromW06 !== null) return fromW06;
  if (w06 !== undefined) {
    const at: At = { segment: 'W06', position: w06.position, element: 'W0603' };
    findings.push(date === '' ? missingValue('W06 has no shipment date (W0603) and there is no G62*11; the interchange date stands in', at) : { ...missingValue(`W0603 "${date}" is not a date`, at), code: 'INVALID_VALUE', value: date });
  }
  return documentTime(input, null);
}

/** W2702 (SCAC) and N9*2I (tracking number), when the 945 gives either. */
function carrierOf(header: readonly Positioned[]): ShipmentConfirmed['payload']['carrier'] {
  const scac = header.find(({ segment }) => segment.tag === 'W27')?.segment.element(2) || undefined;
  const trackingNumber = reference(header, 'N9', '2I');
  if (scac === undefined && trackingNumber === undefined) return undefined;
  return { ...(scac === undefined ? {} : { scac }), ...(trackingNumber === undefined ? {} : { trackingNumber }) };
}

/**
 * LX loops: each W12 is a line numbered by its LX01. The LS..LE loop inside a W12 has LX segments
 * of its own (reference details, not lines), so they are skipped; an N9*LT in the W12 loop is the lot.
 */
function detailLines(input: TranslationInput, detail: readonly Positioned[], findings: MappingFinding[]): Line[] {
  const lines: Line[] = [];
  let lx: number | null = null;
  let current: Line | null = null;
  let insideLs = false;
  for (const { segment, position } of detail) {
    if (segment.tag === 'LS' || segment.tag === 'LE') insideLs = segment.tag === 'LS';
    else if (insideLs) continue;
    else if (segment.tag === 'LX') {
      lx = /^[0-9]+$/.test(segment.element(1)) && Number(segment.element(1)) > 0 ? Number(segment.element(1)) : null;
      current = null;
    } else if (segment.tag === 'W12') {
      current = warehouseLine(input, segment, position, lx ?? lines.length + 1, findings);
      if (current !== null) lines.push(current);
    } else if (segment.tag === 'N9' && segment.element(1) === 'LT' && current !== null && current.lot === undefined && segment.element(2) !== '') {
      current.lot = segment.element(2);
    }
  }
  return lines;
}

/** One W12: W1201 status, W1202 ordered and W1203 shipped in W1205's unit, the product ID, W1209 lot. */
function warehouseLine(input: TranslationInput, w12: Segment, position: number, line: number, findings: MappingFinding[]): Line | null {
  const at = (element: string): At => ({ segment: 'W12', position, element, line });
  const id = chooseProductId(w12ProductIds(w12), input.context.options.productQualifier);
  if (id === undefined) {
    findings.push(missingValue('W12 has no product ID (W1206..W1208, W1216..W1218, W1221/W1222); the line was not read', at('W1208')));
    return null;
  }
  const sku = resolveSku(input, id, at(id.element), findings);
  const orderedFindings: MappingFinding[] = [];
  const unit = requiredText(w12.element(5), 'unit of measure', at('W1205'), findings);
  const shipped = baseQuantity(input, w12.element(3), unit, at('W1203'), findings);
  if (shipped === null) return null;
  const ordered = w12.element(2) === '' ? null : baseQuantity(input, w12.element(2), unit, at('W1202'), orderedFindings);
  // W1202 shares W1205 with W1203, whose conversion already reported an unknown unit.
  findings.push(...orderedFindings.filter((f) => f.code !== 'UNKNOWN_UNIT'));
  return {
    line,
    ...sku,
    partnerItem: { qualifier: id.qualifier, value: id.value },
    ...(ordered === null ? {} : { ordered: ordered.quantity }),
    shipped: shipped.quantity,
    unit: shipped.unit,
    status: requiredText(w12.element(1), 'shipment status', at('W1201'), findings),
    ...(w12.element(9) === '' ? {} : { lot: w12.element(9) }),
  };
}

/**
 * W12 product IDs in element order. W1206 and W1216 are U.P.C. case codes with no qualifier element
 * of their own: they are offered as UA (U.P.C./EAN case code, 2-5-5), which is what they are.
 */
function w12ProductIds(w12: Segment): ProductId[] {
  const caseCode = (p: number): ProductId[] => (w12.element(p) === '' ? [] : [{ qualifier: 'UA', value: w12.element(p), element: designator('W12', p) }]);
  return [...caseCode(6), ...productIdPairs(w12, [7]), ...caseCode(16), ...productIdPairs(w12, [17, 21])];
}

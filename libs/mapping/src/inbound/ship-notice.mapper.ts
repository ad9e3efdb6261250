import { idempotencyKey, InboundShipmentAdvised, MappingFinding } from '@tradewire/canonical';
import { At } from '../context/mapping-context';
import { documentTime, positioned, sourceOf, TranslationInput } from '../context/translation-input';
import { isoDateTime } from '../context/x12-dates';
import { baseQuantity, chooseProductId, MISSING, missingValue, partyLocation, Positioned, productIdPairs, reference, requiredText, resolveSku } from './partner-values';

type Line = InboundShipmentAdvised['payload']['lines'][number];

/** One HL level (HL01 ID, HL02 parent, HL03 level code) and the segments up to the next HL. */
interface Level {
  readonly id: string;
  readonly parent: string;
  readonly code: string;
  readonly segments: Positioned[];
}

/** DTM01 011 shipped; 017 estimated delivery, 067 current schedule delivery. */
const SHIPPED = ['011'];
const EXPECTED = ['017', '067'];
/** LIN product ID qualifier for a lot number: it names a batch, not an item. */
const LOT = 'LT';

/**
 * 856 Ship Notice/Manifest from a supplier → InboundShipmentAdvised: one event per transaction set,
 * one line per LIN, each carrying the purchase order (PRF) and pack (MAN*GM) found above it in the
 * HL hierarchy, so S/O/P/I, S/O/I and S/O/T/P/I all read the same way.
 */
export function mapShipNotice(input: TranslationInput): InboundShipmentAdvised {
  const findings: MappingFinding[] = [];
  const segments = positioned(input.segments);
  const bsn = segments.find(({ segment }) => segment.tag === 'BSN');
  const shipmentId = bsn === undefined ? MISSING : requiredText(bsn.segment.element(2), 'shipment identification', { segment: 'BSN', position: bsn.position, element: 'BSN02' }, findings);
  if (bsn === undefined) findings.push(missingValue('the 856 has no BSN (beginning segment for ship notice)', { segment: 'BSN' }));
  const documentDate = bsn === undefined ? null : isoDateTime(bsn.segment.element(3), bsn.segment.element(4));
  const levels = hierarchy(segments);
  // The shipment's own details sit before the first HL or in the shipment (S) level.
  const firstHl = segments.findIndex(({ segment }) => segment.tag === 'HL');
  const shipment = [...segments.slice(0, firstHl < 0 ? undefined : firstHl), ...levels.filter((l) => l.code === 'S').flatMap((l) => l.segments)];
  const shippedAt = dateTime(shipment, SHIPPED) ?? documentDate ?? undefined;
  const expectedAt = dateTime(shipment, EXPECTED);
  const location = partyLocation(input, segments, ['ST'], findings);
  const carrier = carrierOf(shipment);
  const lines = itemLines(input, levels, findings);
  const source = sourceOf(input);
  return {
    type: 'InboundShipmentAdvised', version: 1, idempotencyKey: idempotencyKey('InboundShipmentAdvised', source), source,
    occurredAt: documentTime(input, documentDate), findings,
    payload: {
      shipmentId,
      ...(shippedAt === undefined ? {} : { shippedAt }),
      ...(expectedAt === undefined ? {} : { expectedAt }),
      ...(location === undefined ? {} : { location }),
      ...(carrier === undefined ? {} : { carrier }),
      lines,
    },
  };
}

/** Splits the set at each HL; segments after CTT (the summary) belong to no level. */
function hierarchy(segments: readonly Positioned[]): Level[] {
  const levels: Level[] = [];
  for (const s of segments) {
    if (s.segment.tag === 'HL') levels.push({ id: s.segment.element(1), parent: s.segment.element(2), code: s.segment.element(3), segments: [s] });
    else if (s.segment.tag === 'CTT' || s.segment.tag === 'SE') break;
    else levels.at(-1)?.segments.push(s);
  }
  return levels;
}

/** A level and its ancestors, nearest first; a loop in HL02 stops the walk rather than the mapping. */
function lineage(level: Level, byId: ReadonlyMap<string, Level>): Level[] {
  const chain: Level[] = [];
  for (let l: Level | undefined = level; l !== undefined && !chain.includes(l); l = l.parent === '' ? undefined : byId.get(l.parent)) chain.push(l);
  return chain;
}

/** The first DTM with one of these qualifiers, as an ISO date-time. */
function dateTime(segments: readonly Positioned[], qualifiers: readonly string[]): string | undefined {
  const dtm = segments.find(({ segment }) => segment.tag === 'DTM' && qualifiers.includes(segment.element(1)))?.segment;
  return (dtm === undefined ? null : isoDateTime(dtm.element(2), dtm.element(3))) ?? undefined;
}

/** TD503 when TD502 says it is a SCAC (2), and REF*CN (carrier's reference, the tracking number). */
function carrierOf(shipment: readonly Positioned[]): InboundShipmentAdvised['payload']['carrier'] {
  const scac = shipment.find(({ segment }) => segment.tag === 'TD5' && segment.element(2) === '2' && segment.element(3) !== '')?.segment.element(3);
  const trackingNumber = reference(shipment, 'REF', 'CN');
  if (scac === undefined && trackingNumber === undefined) return undefined;
  return { ...(scac === undefined ? {} : { scac }), ...(trackingNumber === undefined ? {} : { trackingNumber }) };
}

/** One line per level holding a LIN, numbered in document order (LIN01 is often the PO line, which repeats across orders). */
function itemLines(input: TranslationInput, levels: readonly Level[], findings: MappingFinding[]): Line[] {
  const byId = new Map(levels.map((l) => [l.id, l]));
  for (const orphan of levels.filter((l) => l.parent !== '' && !byId.has(l.parent))) {
    // The items below it would lose their order's PO and their pack's SSCC without a word.
    const hl = orphan.segments[0];
    findings.push({ code: 'INVALID_VALUE', message: `HL ${orphan.id} names parent ${orphan.parent}, which this 856 does not have`, segment: 'HL', position: hl.position, element: 'HL02', value: orphan.parent });
  }
  const ssccs = new Map(levels.map((l) => [l, packSscc(l, findings)]));
  const lines: Line[] = [];
  let ordinal = 0;
  for (const level of levels) {
    const lin = level.segments.find(({ segment }) => segment.tag === 'LIN');
    if (lin === undefined) continue;
    ordinal += 1;
    const chain = lineage(level, byId);
    const purchaseOrder = chain.map((l) => l.segments.find(({ segment }) => segment.tag === 'PRF')?.segment.element(1)).find(Boolean);
    const sscc = chain.map((l) => ssccs.get(l)).find(Boolean);
    const line = itemLine(input, level, lin, ordinal, findings);
    if (line !== null) lines.push({ ...line, ...(purchaseOrder ? { purchaseOrder } : {}), ...(sscc ? { sscc } : {}) });
  }
  return lines;
}

/** LIN product ID (the profile's qualifier, else the first) and SN102 quantity in SN103's unit; LIN*LT or REF*LT is the lot. */
function itemLine(input: TranslationInput, level: Level, lin: Positioned, line: number, findings: MappingFinding[]): Line | null {
  const linAt = (element: string): At => ({ segment: 'LIN', position: lin.position, element, line });
  const pairs = productIdPairs(lin.segment, Array.from({ length: Math.floor(lin.segment.elementCount / 2) }, (_, i) => 2 + 2 * i));
  const id = chooseProductId(pairs.filter((p) => p.qualifier !== LOT), input.context.options.productQualifier);
  if (id === undefined) {
    findings.push(missingValue('LIN has no product ID; the line was not read', linAt('LIN03')));
    return null;
  }
  const sku = resolveSku(input, id, linAt(id.element), findings);
  const sn1 = level.segments.find(({ segment }) => segment.tag === 'SN1');
  if (sn1 === undefined) {
    findings.push(missingValue('the item has no SN1, so no quantity shipped; the line was not read', linAt('LIN03')));
    return null;
  }
  const at = (element: string): At => ({ segment: 'SN1', position: sn1.position, element, line });
  const unit = requiredText(sn1.segment.element(3), 'unit of measure', at('SN103'), findings);
  const quantity = baseQuantity(input, sn1.segment.element(2), unit, at('SN102'), findings);
  if (quantity === null) return null;
  const lot = pairs.find((p) => p.qualifier === LOT)?.value ?? reference(level.segments, 'REF', LOT);
  return { line, ...sku, partnerItem: { qualifier: id.qualifier, value: id.value }, quantity: quantity.quantity, unit: quantity.unit, ...(lot === undefined ? {} : { lot }) };
}

/**
 * MAN*GM: the pack's SSCC-18. Labels often carry GS1 application identifier 00 in front (20 digits),
 * which is not part of the number. A value that is not 18 digits with a valid GS1 check digit is a
 * finding: a misread label would otherwise receive the wrong carton.
 */
function packSscc(level: Level, findings: MappingFinding[]): string | undefined {
  const man = level.segments.find(({ segment }) => segment.tag === 'MAN' && segment.element(1) === 'GM' && segment.element(2) !== '');
  if (man === undefined) return undefined;
  const raw = man.segment.element(2);
  const sscc = /^00[0-9]{18}$/.test(raw) ? raw.slice(2) : raw;
  if (/^[0-9]{18}$/.test(sscc) && gs1CheckDigit(sscc.slice(0, 17)) === Number(sscc[17])) return sscc;
  findings.push({ code: 'INVALID_VALUE', message: `MAN*GM ${raw} is not an SSCC-18 with a valid check digit`, segment: 'MAN', position: man.position, element: 'MAN02', value: raw });
  return undefined;
}

/** GS1 mod-10: weights 3 and 1 alternating from the rightmost data digit. */
function gs1CheckDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) sum += Number(digits[digits.length - 1 - i]) * (i % 2 === 0 ? 3 : 1);
  return (10 - (sum % 10)) % 10;
}

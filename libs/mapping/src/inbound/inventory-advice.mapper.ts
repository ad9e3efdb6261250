import { addDecimal, idempotencyKey, InventorySnapshotReported, MappingFinding, STOCK_BUCKETS } from '@tradewire/canonical';
import { Segment } from '@tradewire/x12';
import { At } from '../context/mapping-context';
import { documentTime, sourceOf, TranslationInput } from '../context/translation-input';
import { isoDateTime } from '../context/x12-dates';

type Bucket = (typeof STOCK_BUCKETS)[number];
type Line = InventorySnapshotReported['payload']['lines'][number];

/** QTY01 codes whose meaning is the standard's own; anything else must be mapped in the profile. 17 on hand, 33 available for sale. */
const STANDARD_QUANTITIES: Record<string, Bucket> = { '17': 'on-hand', '33': 'available' };

/**
 * 846 Inventory Inquiry/Advice → InventorySnapshotReported: one event per transaction set, one line
 * per LIN loop, quantities by QTY01 through the profile's qualifier map, in our base unit.
 */
export function mapInventoryAdvice(input: TranslationInput): InventorySnapshotReported {
  const { segments, context } = input;
  const findings: MappingFinding[] = [];
  const bia = segments.find((s) => s.tag === 'BIA');
  const asOf = documentTime(input, bia === undefined ? null : isoDateTime(bia.element(4), bia.element(5)));
  const location = headerLocation(input, findings);
  const lines: Line[] = [];
  let current: Line | null = null;
  segments.forEach((segment, i) => {
    const at = (element: string): At => ({ segment: segment.tag, position: i + 1, element, ...(current ? { line: current.line } : {}) });
    if (segment.tag === 'LIN') {
      current = itemLine(segment, lines.length + 1, input, at, findings);
      if (current !== null) lines.push(current);
    } else if (segment.tag === 'QTY' && current !== null) {
      addQuantity(current, segment, input, at, findings);
    } else if (segment.tag === 'N1' && current !== null && segment.element(3) !== '' && segment.element(4) !== '') {
      // An N1 inside the LIN loop: this item's stock is at that location (846 LIN/N1 loop).
      const found = context.location(segment.element(3), segment.element(4), at('N104'));
      if (found.ok) current.location = found.value;
      else findings.push(found.finding);
    }
  });
  const source = sourceOf(input);
  return {
    type: 'InventorySnapshotReported', version: 1, idempotencyKey: idempotencyKey('InventorySnapshotReported', source), source,
    occurredAt: asOf, findings,
    payload: {
      ...(location === undefined ? {} : { location }),
      asOf,
      mode: context.options.snapshot ?? 'full',
      ...(bia ? { reference: [bia.element(2), bia.element(3)].filter(Boolean).join(' ') } : {}),
      lines,
    },
  };
}

/** The warehouse the snapshot is for: an N1 in the header (N103/N104), else the profile's default location. */
function headerLocation(input: TranslationInput, findings: MappingFinding[]): string | undefined {
  const firstLin = input.segments.findIndex((s) => s.tag === 'LIN');
  const header = input.segments.slice(0, firstLin < 0 ? undefined : firstLin);
  const index = header.findIndex((s) => s.tag === 'N1' && s.element(3) !== '' && s.element(4) !== '');
  if (index >= 0) {
    const n1 = header[index];
    const found = input.context.location(n1.element(3), n1.element(4), { segment: 'N1', position: index + 1, element: 'N104' });
    if (found.ok) return found.value;
    findings.push(found.finding);
    return undefined;
  }
  const fallback = input.context.options.defaultLocation;
  if (fallback === undefined) findings.push({ code: 'UNKNOWN_LOCATION', message: 'the 846 names no location (N1) and the profile has no default location' });
  return fallback;
}

/** LIN02..: qualifier/value pairs; the profile's product qualifier picks the key, else the first pair. Null (with a finding) when there is none. */
function itemLine(lin: Segment, ordinal: number, input: TranslationInput, at: (element: string) => At, findings: MappingFinding[]): Line | null {
  const pairs: Array<{ qualifier: string; value: string; position: number }> = [];
  for (let p = 2; p + 1 <= lin.elementCount; p += 2) if (lin.element(p) !== '') pairs.push({ qualifier: lin.element(p), value: lin.element(p + 1), position: p + 1 });
  const wanted = input.context.options.productQualifier;
  const key = pairs.find((x) => x.qualifier === wanted) ?? pairs[0];
  const line = /^[0-9]+$/.test(lin.element(1)) ? Number(lin.element(1)) : ordinal;
  if (key === undefined) {
    findings.push({ code: 'MISSING_VALUE', message: 'LIN has no product ID; its quantities were not read', segment: 'LIN', line });
    return null;
  }
  const sku = input.context.item(key.qualifier, key.value, at(`LIN${String(key.position).padStart(2, '0')}`));
  if (!sku.ok) findings.push({ ...sku.finding, line });
  return { line, ...(sku.ok ? { sku: sku.value } : {}), partnerItem: { qualifier: key.qualifier, value: key.value }, unit: 'EA', quantities: {} };
}

function addQuantity(line: Line, qty: Segment, input: TranslationInput, at: (element: string) => At, findings: MappingFinding[]): void {
  const qualifier = qty.element(1);
  const bucket = input.context.options.quantityQualifiers?.[qualifier] ?? STANDARD_QUANTITIES[qualifier];
  if (bucket === undefined) {
    findings.push({ code: 'UNMAPPED_QUALIFIER', message: `QTY01 ${qualifier} has no meaning in ${input.context.profile.id}'s profile`, segment: 'QTY', element: 'QTY01', value: qualifier, line: line.line });
    return;
  }
  if (bucket === 'ignore') return;
  const unit = qty.components(3)[0] || input.context.options.defaultUnit;
  if (unit === undefined) {
    findings.push({ code: 'UNKNOWN_UNIT', message: `QTY03 gives no unit and ${input.context.profile.id}'s profile declares no default unit`, segment: 'QTY', element: 'QTY03', line: line.line });
    return;
  }
  const converted = input.context.toBaseUnit(qty.element(2), unit, at('QTY02'));
  if (!converted.ok) {
    findings.push(converted.finding);
    return;
  }
  line.unit = converted.value.unit;
  const before = line.quantities[bucket];
  line.quantities[bucket] = before === undefined ? converted.value.quantity : addDecimal(before, converted.value.quantity);
}

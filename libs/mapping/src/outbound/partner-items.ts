import { MappingFinding } from '@tradewire/canonical';
import { Segment } from '@tradewire/x12';
import { At, MappingContext } from '../context/mapping-context';

export interface PartnerItem {
  readonly qualifier: string;
  readonly value: string;
}

/** An item as outbound inputs carry it: our SKU, and (in events) the partner item the producer expects. */
export interface OutboundItem {
  readonly sku?: string;
  readonly partnerItem?: PartnerItem;
}

/**
 * Our SKU → the partner's item ID, from the profile's cross-reference (the authority at send time).
 * An event whose partner item disagrees with the cross-reference is a problem too: one of the two
 * is wrong, and shipping the wrong item costs more than holding the document.
 */
export function outboundItem(item: OutboundItem, context: MappingContext, at: At, where: string, problems: string[]): PartnerItem {
  const fallback = item.partnerItem ?? { qualifier: '', value: '' };
  if (item.sku === undefined) {
    problems.push(`${where}: no SKU (outbound items are identified by our SKU)`);
    return fallback;
  }
  const resolved = context.partnerItem(item.sku, at);
  if (!resolved.ok) {
    problems.push(`${where}: ${resolved.finding.message}`);
    return fallback;
  }
  const found = resolved.value;
  const given = item.partnerItem;
  if (given !== undefined && (given.qualifier !== found.qualifier || given.value !== found.value)) {
    problems.push(`${where}: the event names partner item ${given.qualifier} ${given.value} for SKU ${item.sku}, but ${context.profile.id}'s cross-reference gives ${found.qualifier} ${found.value}`);
  }
  return found;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/**
 * Reads an item ID back from a segment's qualifier/value pairs (LIN02/03…, W0104/05…): the profile's
 * product qualifier picks the pair, else the first one, as the inbound mappers do. Null (with a
 * finding) when the segment has no item ID at all.
 */
export function readItem(
  segment: Segment,
  qualifierPositions: readonly number[],
  context: MappingContext,
  at: (element: string) => At,
  findings: MappingFinding[],
): { sku?: string; partnerItem: PartnerItem } | null {
  const pairs = qualifierPositions
    .filter((p) => segment.element(p) !== '' && segment.element(p + 1) !== '')
    .map((p) => ({ qualifier: segment.element(p), value: segment.element(p + 1), element: `${segment.tag}${pad2(p + 1)}` }));
  const key = pairs.find((x) => x.qualifier === context.options.productQualifier) ?? pairs[0];
  if (key === undefined) {
    findings.push({ code: 'MISSING_VALUE', message: `${segment.tag} has no product ID`, ...locate(at(`${segment.tag}${pad2(qualifierPositions[0] + 1)}`)) });
    return null;
  }
  const partnerItem = { qualifier: key.qualifier, value: key.value };
  const sku = context.item(key.qualifier, key.value, at(key.element));
  if (!sku.ok) findings.push(sku.finding);
  return sku.ok ? { sku: sku.value, partnerItem } : { partnerItem };
}

/** The location fields of a finding, from an At. */
export function locate(at: At): Pick<MappingFinding, 'segment' | 'position' | 'element' | 'line'> {
  return { segment: at.segment, position: at.position, element: at.element, ...(at.line === undefined ? {} : { line: at.line }) };
}

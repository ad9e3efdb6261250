import { isDecimal, MappingFinding, normalizeDecimal } from '@tradewire/canonical';
import { Segment } from '@tradewire/x12';
import { At } from '../context/mapping-context';
import { documentTime, TranslationInput } from '../context/translation-input';
import { isoDateTime } from '../context/x12-dates';
import { ChannelAvailability, ChannelAvailabilityLine } from './availability.generator';
import { AVAILABILITY_UNIT, AVAILABLE_FOR_SALE, WAREHOUSE } from './outbound-codes';
import { locate, readItem } from './partner-items';

/** LIN product ID qualifiers: LIN02 (with LIN03), LIN04 (LIN05) … */
const LIN_ITEM_QUALIFIERS = [2, 4, 6, 8, 10];

/** A line being read: what its LIN and QTY/N1 gave so far. */
interface Draft {
  sku?: string;
  available?: string;
  /** Null when the N1 named a location that did not resolve: the line is left out. */
  location?: string | null;
  readonly position: number;
}

/**
 * 846 we sent → ChannelAvailability (round trips, replay). Not a canonical event, so it is a plain
 * function rather than an entry in the mapper registry. A line whose item, quantity or location does
 * not resolve is left out, with a finding saying why: the result is never guessed.
 */
export function readAvailability(input: TranslationInput): { availability: ChannelAvailability; findings: MappingFinding[] } {
  const { segments } = input;
  const findings: MappingFinding[] = [];
  const drafts: Draft[] = [];
  segments.forEach((segment, i) => {
    const at = (element: string): At => ({ segment: segment.tag, position: i + 1, element });
    const current = drafts[drafts.length - 1];
    if (segment.tag === 'LIN') drafts.push({ ...readItem(segment, LIN_ITEM_QUALIFIERS, input.context, at, findings), position: i + 1 });
    else if (segment.tag === 'QTY' && current !== undefined && segment.element(1) === AVAILABLE_FOR_SALE) current.available = quantityOf(segment, at, findings);
    else if (segment.tag === 'N1' && current !== undefined && segment.element(1) === WAREHOUSE) current.location = locationOf(segment, input, at, findings);
  });
  const bia = segments.find((s) => s.tag === 'BIA');
  const asOf = documentTime(input, bia === undefined ? null : isoDateTime(bia.element(4), bia.element(5)));
  return { availability: { channel: input.context.profile.id, asOf, lines: drafts.flatMap((d) => lineOf(d, findings)) }, findings };
}

function quantityOf(qty: Segment, at: (element: string) => At, findings: MappingFinding[]): string | undefined {
  const unit = qty.components(3)[0] || AVAILABILITY_UNIT;
  if (!isDecimal(qty.element(2))) findings.push({ code: 'INVALID_VALUE', message: `QTY02 "${qty.element(2)}" is not a number`, value: qty.element(2), ...locate(at('QTY02')) });
  else if (unit !== AVAILABILITY_UNIT) findings.push({ code: 'UNKNOWN_UNIT', message: `QTY03 ${unit}: availability is written in ${AVAILABILITY_UNIT}`, value: unit, ...locate(at('QTY03')) });
  else return normalizeDecimal(qty.element(2));
  return undefined;
}

function locationOf(n1: Segment, input: TranslationInput, at: (element: string) => At, findings: MappingFinding[]): string | null {
  const found = input.context.location(n1.element(3), n1.element(4), at('N104'));
  if (found.ok) return found.value;
  findings.push(found.finding);
  return null;
}

/** A complete line, or nothing (with a finding when the reason is not already one). */
function lineOf(draft: Draft, findings: MappingFinding[]): ChannelAvailabilityLine[] {
  if (draft.sku === undefined || draft.location === null) return [];
  if (draft.available === undefined) {
    findings.push({ code: 'MISSING_VALUE', message: `the LIN at position ${draft.position} has no readable QTY*${AVAILABLE_FOR_SALE}`, segment: 'LIN', position: draft.position });
    return [];
  }
  return [{ sku: draft.sku, available: draft.available, ...(draft.location === undefined ? {} : { location: draft.location }) }];
}

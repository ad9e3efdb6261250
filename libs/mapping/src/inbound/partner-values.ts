import { DecimalString, isDecimal, MappingFinding, normalizeDecimal } from '@tradewire/canonical';
import { Segment } from '@tradewire/x12';
import { At } from '../context/mapping-context';
import { TranslationInput } from '../context/translation-input';

/**
 * Reading a partner's coded values (product IDs, N1 locations, quantities, required identifiers)
 * into ours, shared by the inbound mappers. Whatever cannot be resolved becomes a finding.
 */

/**
 * Stands in for a required value the document lacks: the contract needs a non-empty string, and
 * the MISSING_VALUE finding beside it holds the event for review, so the text is never acted on.
 */
export const MISSING = '(missing)';

/** A product ID as the document gives it, with the element it came from (for findings). */
export interface ProductId {
  readonly qualifier: string;
  readonly value: string;
  readonly element: string;
}

export type Positioned = { readonly segment: Segment; readonly position: number };

/** `W12` + 7 → `W1207`: the element designator findings carry. */
export function designator(tag: string, position: number): string {
  return `${tag}${String(position).padStart(2, '0')}`;
}

/** Qualifier/value pairs (qualifier at p, value at p + 1) that are filled in, in document order. */
export function productIdPairs(segment: Segment, qualifierPositions: readonly number[]): ProductId[] {
  return qualifierPositions
    .filter((p) => segment.element(p) !== '' && segment.element(p + 1) !== '')
    .map((p) => ({ qualifier: segment.element(p), value: segment.element(p + 1), element: designator(segment.tag, p + 1) }));
}

/** The ID the profile keys items by (its productQualifier), else the first one given, as the 846 does. */
export function chooseProductId(ids: readonly ProductId[], wanted: string | undefined): ProductId | undefined {
  return ids.find((id) => id.qualifier === wanted) ?? ids[0];
}

/** `{ sku }` from the item cross-reference, or `{}` with an UNKNOWN_ITEM finding: never a guessed SKU. */
export function resolveSku(input: TranslationInput, id: ProductId, at: At, findings: MappingFinding[]): { sku?: string } {
  const sku = input.context.item(id.qualifier, id.value, { ...at, element: id.element });
  if (sku.ok) return { sku: sku.value };
  findings.push(sku.finding);
  return {};
}

/** A required element's value, or MISSING with a finding. */
export function requiredText(value: string, what: string, at: At, findings: MappingFinding[]): string {
  if (value !== '') return value;
  findings.push(missingValue(`${at.segment} has no ${what} (${at.element})`, at));
  return MISSING;
}

export function missingValue(message: string, at: Partial<At>): MappingFinding {
  return {
    code: 'MISSING_VALUE', message,
    ...(at.segment === undefined ? {} : { segment: at.segment }),
    ...(at.position === undefined ? {} : { position: at.position }),
    ...(at.element === undefined ? {} : { element: at.element }),
    ...(at.line === undefined ? {} : { line: at.line }),
  };
}

/**
 * A quantity in our base unit. When the unit has no conversion (or is missing) the quantity stays as
 * sent, in the partner's unit, beside the finding: the event is held and a person sees the real
 * figure. Null (with a finding) when the quantity is absent or not a number.
 */
export function baseQuantity(input: TranslationInput, quantity: string, unit: string, at: At, findings: MappingFinding[]): { quantity: DecimalString; unit: string } | null {
  if (quantity === '') {
    findings.push(missingValue(`${at.segment} has no quantity (${at.element})`, at));
    return null;
  }
  if (!isDecimal(quantity)) {
    findings.push({ ...missingValue(`quantity "${quantity}" is not a number`, at), code: 'INVALID_VALUE', value: quantity });
    return null;
  }
  // No unit (W1205/SN103 absent) is already a finding; there is nothing to convert from.
  if (unit === MISSING) return { quantity: normalizeDecimal(quantity), unit };
  const converted = input.context.toBaseUnit(quantity, unit, at);
  if (converted.ok) return converted.value;
  // The number was checked above, so this is UNKNOWN_UNIT: keep the figure as sent, in its own unit.
  findings.push(converted.finding);
  return { quantity: normalizeDecimal(quantity), unit };
}

/**
 * Our location for the first N1 whose N101 is one of `entities`. An N1 naming a code (N104) goes
 * through the location cross-reference, and a code without its qualifier (N103) cannot be looked up;
 * an N1 with a name only, or none at all, means the profile's default location.
 */
export function partyLocation(input: TranslationInput, segments: readonly Positioned[], entities: readonly string[], findings: MappingFinding[]): string | undefined {
  const n1 = segments.find(({ segment }) => segment.tag === 'N1' && entities.includes(segment.element(1)));
  if (n1 !== undefined && n1.segment.element(4) !== '') {
    const [qualifier, code] = [n1.segment.element(3), n1.segment.element(4)];
    const at: At = { segment: 'N1', position: n1.position, element: 'N104' };
    if (qualifier === '') {
      findings.push({ code: 'UNKNOWN_LOCATION', message: `N1*${n1.segment.element(1)} names location ${code} without an ID code qualifier (N103), so it cannot be looked up`, segment: 'N1', position: n1.position, element: 'N103', value: code });
      return undefined;
    }
    const found = input.context.location(qualifier, code, at);
    if (found.ok) return found.value;
    findings.push(found.finding);
    return undefined;
  }
  const fallback = input.context.options.defaultLocation;
  if (fallback === undefined) {
    findings.push({ code: 'UNKNOWN_LOCATION', message: `the ${input.transaction.set} names no location (N1*${entities.join('/')}) and the profile has no default location` });
  }
  return fallback;
}

/** The value of the first reference segment (N9, REF) with this qualifier, or undefined. */
export function reference(segments: readonly Positioned[], tag: 'N9' | 'REF', qualifier: string): string | undefined {
  const hit = segments.find(({ segment }) => segment.tag === tag && segment.element(1) === qualifier && segment.element(2) !== '');
  return hit?.segment.element(2);
}

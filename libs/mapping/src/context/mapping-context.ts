import { DecimalString, MappingFinding, multiplyDecimal, normalizeDecimal, isDecimal } from '@tradewire/canonical';
import { PartnerProfile } from '@tradewire/partners';

/** Where a value was found, for findings: segment ID, its position in the set (ST = 1), element designator. */
export interface At {
  readonly segment: string;
  readonly position: number;
  readonly element: string;
  readonly line?: number;
}

export type Resolved<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly finding: MappingFinding };

type SetMapping = NonNullable<PartnerProfile['transactionSets'][number]['mapping']>;

/**
 * The partner-specific side of a mapping: cross-references and options from the profile. Anything
 * it cannot resolve comes back as a finding, never as a guess.
 */
export class MappingContext {
  readonly options: SetMapping;

  constructor(readonly profile: PartnerProfile, readonly set: string, direction: 'inbound' | 'outbound') {
    this.options = profile.transactionSets.find((t) => t.set === set && t.direction === direction)?.mapping ?? {};
  }

  /** Partner item (qualifier + value) → our SKU. */
  item(qualifier: string, value: string, at: At): Resolved<string> {
    const sku = itemIndex(this.profile).get(`${qualifier}\u0000${value}`);
    if (sku !== undefined) return { ok: true, value: sku };
    return fail('UNKNOWN_ITEM', `partner item ${qualifier} ${value} is not in ${this.profile.id}'s item cross-reference`, at, value);
  }

  /** Our SKU → the partner's item ID (for outbound documents), preferring the profile's product qualifier. */
  partnerItem(sku: string, at: At): Resolved<{ qualifier: string; value: string }> {
    const items = this.profile.crossReferences.items.filter((i) => i.sku === sku);
    const hit = items.find((i) => i.qualifier === this.options.productQualifier) ?? items[0];
    if (hit !== undefined) return { ok: true, value: { qualifier: hit.qualifier, value: hit.value } };
    return fail('UNKNOWN_ITEM', `SKU ${sku} has no item ID for ${this.profile.id}`, at, sku);
  }

  /** Partner location (N1 ID qualifier + code) → our location. */
  location(qualifier: string, value: string, at: At): Resolved<string> {
    const hit = this.profile.crossReferences.locations.find((l) => l.qualifier === qualifier && l.value === value);
    if (hit !== undefined) return { ok: true, value: hit.location };
    return fail('UNKNOWN_LOCATION', `partner location ${qualifier} ${value} is not in ${this.profile.id}'s location cross-reference`, at, value);
  }

  /** Our location → the partner's code for it (outbound N1). */
  partnerLocation(location: string): { qualifier: string; value: string } | undefined {
    const hit = this.profile.crossReferences.locations.find((l) => l.location === location);
    return hit === undefined ? undefined : { qualifier: hit.qualifier, value: hit.value };
  }

  /**
   * A quantity in the partner's unit → our base unit (EA unless the profile converts to another).
   * A unit with no conversion and not already the base unit is a finding.
   */
  toBaseUnit(quantity: string, unit: string, at: At): Resolved<{ quantity: DecimalString; unit: string }> {
    if (!isDecimal(quantity)) return fail('INVALID_VALUE', `quantity "${quantity}" is not a number`, at, quantity);
    const conversion = this.profile.crossReferences.units.find((u) => u.from === unit);
    if (conversion !== undefined) return { ok: true, value: { quantity: multiplyDecimal(normalizeDecimal(quantity), decimalOf(conversion.factor)), unit: conversion.to } };
    if (unit === BASE_UNIT || this.profile.crossReferences.units.some((u) => u.to === unit)) return { ok: true, value: { quantity: normalizeDecimal(quantity), unit } };
    return fail('UNKNOWN_UNIT', `unit ${unit} has no conversion to ${BASE_UNIT} in ${this.profile.id}'s profile`, at, unit);
  }
}

/** Our base unit of measure: each. */
export const BASE_UNIT = 'EA';

export function fail<T>(code: MappingFinding['code'], message: string, at: At, value?: string): Resolved<T> {
  return {
    ok: false,
    finding: { code, message, segment: at.segment, position: at.position, element: at.element, ...(value === undefined ? {} : { value }), ...(at.line === undefined ? {} : { line: at.line }) },
  };
}

/** A profile's numeric factor as decimal text (never exponent notation: 1e-7 would not parse). */
function decimalOf(factor: number): string {
  return normalizeDecimal(factor.toFixed(6));
}

/**
 * Partner item → SKU as a map, built once per profile object: an 846 of 100,000 lines against a
 * cross-reference of 100,000 items must not search a list for each line.
 */
const ITEM_INDEX = new WeakMap<PartnerProfile, Map<string, string>>();

function itemIndex(profile: PartnerProfile): Map<string, string> {
  let index = ITEM_INDEX.get(profile);
  if (index === undefined) {
    index = new Map();
    for (const i of profile.crossReferences.items) {
      const key = `${i.qualifier}\u0000${i.value}`;
      if (!index.has(key)) index.set(key, i.sku);
    }
    ITEM_INDEX.set(profile, index);
  }
  return index;
}

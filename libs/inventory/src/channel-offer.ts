import { DecimalString } from '@tradewire/canonical';
import { availableToPromise, Balance } from './movements';

/** How much of our stock a channel is offered (the profile's `availability` block). */
export interface OfferRule {
  readonly share: number;
  readonly safetyStock: number;
  readonly locations: readonly string[];
  readonly perLocation: boolean;
}

export interface OfferLine {
  readonly sku: string;
  readonly available: DecimalString;
  readonly location?: string;
}

/**
 * What a channel may sell of each item it knows: floor(available to promise × share) − safety stock,
 * never below zero, whole units only (a channel cannot sell half a widget). Per location, or one
 * total over the rule's locations (the share and the safety stock then apply to the total). Pure.
 */
export function channelOffer(rule: OfferRule, skus: readonly string[], balances: ReadonlyMap<string, Balance>): OfferLine[] {
  const offer = (atp: number) => String(Math.max(0, Math.floor(atp * rule.share + 1e-9) - rule.safetyStock));
  const atpAt = (sku: string, location: string) => {
    const b = balances.get(`${sku}\u0000${location}`);
    return b === undefined ? 0 : Math.max(0, Number(availableToPromise(b)));
  };
  const lines: OfferLine[] = [];
  for (const sku of [...new Set(skus)].sort()) {
    if (rule.perLocation) for (const location of rule.locations) lines.push({ sku, location, available: offer(atpAt(sku, location)) });
    else lines.push({ sku, available: offer(rule.locations.reduce((sum, location) => sum + atpAt(sku, location), 0)) });
  }
  return lines;
}

/** Lines where the channel was offered more than is now available to promise (an oversell risk until the next 846). */
export function oversold(previous: readonly OfferLine[], rule: OfferRule, balances: ReadonlyMap<string, Balance>): Array<OfferLine & { now: string }> {
  const found: Array<OfferLine & { now: string }> = [];
  for (const line of previous) {
    const locations = line.location === undefined ? rule.locations : [line.location];
    const now = locations.reduce((sum, location) => {
      const b = balances.get(`${line.sku}\u0000${location}`);
      return sum + (b === undefined ? 0 : Math.max(0, Number(availableToPromise(b))));
    }, 0);
    if (Number(line.available) > now) found.push({ ...line, now: String(now) });
  }
  return found;
}

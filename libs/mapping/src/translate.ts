import { CanonicalEvent, validateEvent } from '@tradewire/canonical';
import { PartnerProfile } from '@tradewire/partners';
import { ParseResult } from '@tradewire/x12';
import { MappingContext } from './context/mapping-context';
import { TranslationInput } from './context/translation-input';
import { Direction, mapperFor } from './inbound/inbound-mappers';

/** What translating one transaction set gave: its event, or why there is none. */
export type TranslationOutcome =
  | { readonly kind: 'event'; readonly set: string; readonly control: string; readonly event: CanonicalEvent }
  | { readonly kind: 'skipped'; readonly set: string; readonly control: string; readonly reason: string };

/**
 * Translates every transaction set of a parsed document (parsed with keepSegments) into canonical
 * events, as the partner's profile says. Sets the profile does not receive, or that no mapper knows,
 * are skipped with the reason; every event is checked against its schema before it is returned.
 */
export function translateDocument(result: ParseResult, profile: PartnerProfile): TranslationOutcome[] {
  const outcomes: TranslationOutcome[] = [];
  for (const interchange of result.interchanges) {
    for (const group of interchange.groups) {
      for (const transaction of group.transactions) {
        const base = { set: transaction.set, control: transaction.control };
        if (transaction.segments === undefined) throw new Error('translateDocument needs a result parsed with keepSegments');
        const direction = directionOf(profile, transaction.set);
        const mapper = direction === null ? undefined : mapperFor(transaction.set, direction);
        if (direction === null || mapper === undefined) {
          const why = direction === null ? `${profile.id}'s profile does not exchange ${transaction.set}` : `no ${direction} mapping for transaction set ${transaction.set}`;
          outcomes.push({ kind: 'skipped', ...base, reason: why });
          continue;
        }
        const context = new MappingContext(profile, transaction.set, direction);
        const input: TranslationInput = { interchange, group, transaction, segments: transaction.segments, context };
        const event = mapper(input);
        const check = validateEvent(event);
        if (!check.ok) throw new Error(`mapping ${transaction.set} produced an invalid ${event.type}: ${check.problems.join('; ')}`);
        outcomes.push({ kind: 'event', ...base, event: check.event });
      }
    }
  }
  return outcomes;
}

/** Inbound when the partner sends us this set; outbound when we send it (reading back our own document). */
function directionOf(profile: PartnerProfile, set: string): Direction | null {
  const entries = profile.transactionSets.filter((t) => t.set === set);
  if (entries.some((t) => t.direction === 'inbound')) return 'inbound';
  return entries.length > 0 ? 'outbound' : null;
}

import { CanonicalEvent, validateEvent } from '@tradewire/canonical';
import { PartnerProfile } from '@tradewire/partners';
import { FunctionalGroupEnvelope, InterchangeEnvelope, ParseResult, TransactionSetEnvelope } from '@tradewire/x12';
import { MappingContext } from './context/mapping-context';
import { TranslationInput } from './context/translation-input';
import { mapInterchangeAcknowledgments } from './inbound/acknowledgment.mapper';
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
    const way = directionOfInterchange(interchange, profile);
    if (typeof way !== 'string') {
      outcomes.push({ kind: 'skipped', set: 'ISA', control: interchange.control, reason: way.reason });
      continue;
    }
    for (const event of mapInterchangeAcknowledgments({ ...result, interchanges: [interchange] }, profile)) {
      outcomes.push({ kind: 'event', set: 'TA1', control: event.source.interchange, event });
    }
    for (const group of interchange.groups) {
      for (const transaction of group.transactions) outcomes.push(translateTransactionSet(interchange, group, transaction, profile, way));
    }
  }
  return outcomes;
}

/**
 * Translates one transaction set (parsed with keepSegments) of an interchange already known to be
 * between the partner and us, in that direction. The pipeline calls this once per transaction set.
 */
export function translateTransactionSet(
  interchange: InterchangeEnvelope, group: FunctionalGroupEnvelope, transaction: TransactionSetEnvelope, profile: PartnerProfile, way: Direction,
): TranslationOutcome {
  const base = { set: transaction.set, control: transaction.control };
  if (transaction.segments === undefined) throw new Error('translation needs a transaction set parsed with keepSegments');
  const direction = exchanges(profile, transaction.set, way) ? way : null;
  const mapper = direction === null ? undefined : mapperFor(transaction.set, direction);
  if (direction === null || mapper === undefined) {
    const why = direction === null ? `${profile.id}'s profile has no ${way} ${transaction.set}` : `no ${direction} mapping for transaction set ${transaction.set}`;
    return { kind: 'skipped', ...base, reason: why };
  }
  const context = new MappingContext(profile, transaction.set, direction);
  const input: TranslationInput = { interchange, group, transaction, segments: transaction.segments, context };
  const event = mapper(input);
  const check = validateEvent(event);
  if (!check.ok) throw new Error(`mapping ${transaction.set} produced an invalid ${event.type}: ${check.problems.join('; ')}`);
  return { kind: 'event', ...base, event: check.event };
}

/** Whether the profile exchanges this set in this direction. */
function exchanges(profile: PartnerProfile, set: string, direction: Direction): boolean {
  return profile.transactionSets.some((t) => t.set === set && t.direction === direction);
}

/**
 * From the partner to us: inbound. From us to the partner (our own document read back): outbound.
 * Anything else is not this partner's to translate.
 */
export function directionOfInterchange(interchange: InterchangeEnvelope, profile: PartnerProfile): Direction | { reason: string } {
  const { ours, theirs } = profile.interchange;
  const is = (q: string, id: string, who: { qualifier: string; id: string }) => q === who.qualifier && id === who.id;
  if (is(interchange.senderQualifier, interchange.sender, theirs) && is(interchange.receiverQualifier, interchange.receiver, ours)) return 'inbound';
  if (is(interchange.senderQualifier, interchange.sender, ours) && is(interchange.receiverQualifier, interchange.receiver, theirs)) return 'outbound';
  return { reason: `interchange ${interchange.control} is from ${interchange.senderQualifier}/${interchange.sender} to ${interchange.receiverQualifier}/${interchange.receiver}, not between ${profile.id} (${theirs.qualifier}/${theirs.id}) and us (${ours.qualifier}/${ours.id})` };
}

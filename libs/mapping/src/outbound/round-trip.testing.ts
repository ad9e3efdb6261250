/**
 * For the outbound specs only (nothing in the library imports it): load a committed partner profile,
 * and take a generated document back apart the way a receiving partner, or a replay, would.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { CanonicalEvent } from '@tradewire/canonical';
import { parseProfile, PartnerProfile } from '@tradewire/partners';
import { parseX12, TransactionSetEnvelope } from '@tradewire/x12';
import { translateDocument } from '../translate';

export const ROOT = join(__dirname, '../../../..');
export const FIXTURES = join(ROOT, 'libs/mapping/fixtures/outbound');

/** A profile from `partner-profiles/`, as onboarding committed it. */
export function committedProfile(id: string): PartnerProfile {
  const parsed = parseProfile(readFileSync(join(ROOT, 'partner-profiles', `${id}.yaml`), 'utf8'), id);
  if (parsed.profile === null) throw new Error(JSON.stringify(parsed.problems));
  return parsed.profile;
}

/** The one transaction set of a generated document, which must parse without a single diagnostic. */
export function onlyTransaction(text: string): TransactionSetEnvelope {
  const result = parseX12(text, { keepSegments: true });
  if (result.diagnostics.length > 0) throw new Error(`diagnostics: ${JSON.stringify(result.diagnostics)}`);
  return result.interchanges[0].groups[0].transactions[0];
}

/** Generate → parse → read back through the mapper registry, as replay does: exactly one event of `type`. */
export function readBackEvent<E extends CanonicalEvent>(text: string, profile: PartnerProfile, type: E['type']): E {
  const outcomes = translateDocument(parseX12(text, { keepSegments: true }), profile);
  const outcome = outcomes[0];
  if (outcomes.length !== 1 || outcome.kind !== 'event' || outcome.event.type !== type) throw new Error(`not one ${type}: ${JSON.stringify(outcomes)}`);
  return outcome.event as E;
}

/**
 * The event we started from, as reading the document back gives it. `source` and `idempotencyKey`
 * legitimately differ: the event was produced before any document existed, while the event read
 * back is identified by the interchange, group and transaction control numbers it arrived in.
 */
export function asReadBack<E extends CanonicalEvent>(event: E, read: E): E {
  return { ...event, source: read.source, idempotencyKey: read.idempotencyKey };
}

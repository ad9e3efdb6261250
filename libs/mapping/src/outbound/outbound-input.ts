import { CanonicalEvent, validateEvent } from '@tradewire/canonical';
import { MappingContext } from '../context/mapping-context';

/**
 * What stops an input from going out at all, before any segment is written: a context for another
 * set, a partner whose profile does not receive the set from us.
 */
export function checkOutboundContext(context: MappingContext, set: string): string[] {
  const problems: string[] = [];
  if (context.set !== set) problems.push(`the mapping context is for transaction set ${context.set}, not ${set}`);
  if (!context.profile.transactionSets.some((t) => t.set === set && t.direction === 'outbound')) {
    problems.push(`${context.profile.id}'s profile does not receive ${set} from us (no outbound transactionSets entry)`);
  }
  return problems;
}

/**
 * The context checks, plus the event's own: it must satisfy its contract, and an event with
 * findings is held for review, so it never reaches a partner.
 */
export function checkOutboundEvent(event: CanonicalEvent, context: MappingContext, set: string): string[] {
  const problems = checkOutboundContext(context, set);
  const check = validateEvent(event);
  if (!check.ok) problems.push(...check.problems.map((p) => `event ${p}`));
  if (event.findings.length > 0) {
    problems.push(`the event is held for review with ${event.findings.length} finding(s): ${event.findings.map((f) => f.message).join('; ')}`);
  }
  return problems;
}

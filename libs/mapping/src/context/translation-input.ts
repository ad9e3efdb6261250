import { EventSource } from '@tradewire/canonical';
import { FunctionalGroupEnvelope, InterchangeEnvelope, Segment, TransactionSetEnvelope } from '@tradewire/x12';
import { MappingContext } from './mapping-context';
import { isoDateTime } from './x12-dates';

/** One inbound transaction set with everything a mapper needs. */
export interface TranslationInput {
  readonly interchange: InterchangeEnvelope;
  readonly group: FunctionalGroupEnvelope;
  readonly transaction: TransactionSetEnvelope;
  /** ST..SE; `segments[i]` is at position i + 1. */
  readonly segments: readonly Segment[];
  readonly context: MappingContext;
}

export function sourceOf(input: TranslationInput, line?: number): EventSource {
  return {
    partner: input.context.profile.id,
    interchangeDate: input.interchange.date,
    interchange: input.interchange.control,
    group: input.group.control,
    transaction: input.transaction.control,
    set: input.transaction.set,
    ...(line === undefined ? {} : { line }),
  };
}

/** Segments with their position in the set (ST = 1). */
export function positioned(segments: readonly Segment[]): Array<{ segment: Segment; position: number }> {
  return segments.map((segment, i) => ({ segment, position: i + 1 }));
}

/** The document's own time when it has one, else the interchange's (ISA09/ISA10). */
export function documentTime(input: TranslationInput, own: string | null): string {
  return own ?? isoDateTime(input.interchange.date, input.interchange.time) ?? '1970-01-01T00:00:00Z';
}

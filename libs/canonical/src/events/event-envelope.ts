import { z } from 'zod';

/** Where an event comes from: the X12 document and, for line-level events, the line. */
export const EVENT_SOURCE = z.strictObject({
  partner: z.string().min(1),
  /** ISA09 + ISA13: the interchange (the date keeps a wrapped control number from colliding). */
  interchangeDate: z.string().regex(/^[0-9]{6}$/),
  interchange: z.string().min(1),
  group: z.string().min(1),
  transaction: z.string().min(1),
  /** ST01, or TA1 for an interchange acknowledgment (which has no transaction set). */
  set: z.string().regex(/^([0-9]{3}|TA1)$/),
  line: z.number().int().positive().optional(),
});
export type EventSource = z.infer<typeof EVENT_SOURCE>;

/** Something the mapping could not resolve: the event is held for review, never guessed. */
export const MAPPING_FINDING = z.strictObject({
  code: z.enum(['UNKNOWN_ITEM', 'UNKNOWN_LOCATION', 'UNKNOWN_UNIT', 'MISSING_VALUE', 'INVALID_VALUE', 'UNMAPPED_QUALIFIER']),
  message: z.string().min(1),
  /** Where in the document: segment ID and position in the set (ST = 1), element designator. */
  segment: z.string().optional(),
  position: z.number().int().positive().optional(),
  element: z.string().optional(),
  value: z.string().optional(),
  line: z.number().int().positive().optional(),
});
export type MappingFinding = z.infer<typeof MAPPING_FINDING>;

/** A decimal quantity as text: exact, never a float. */
export const QUANTITY = z.string().regex(/^-?\d+(\.\d{1,6})?$/, 'a decimal number as text, at most 6 decimals');

/** A partner's identifier for an item, as it appears in the document (LIN/W01/W12 qualifier and value). */
export const PARTNER_ITEM = z.strictObject({ qualifier: z.string().min(1), value: z.string().min(1) });

/**
 * The deterministic idempotency key of an event: the same source always gives the same key, so a
 * replayed document, a retried job or a second copy of a file can never apply twice.
 */
export function idempotencyKey(type: string, source: EventSource): string {
  const parts = [type, source.partner, source.interchangeDate, source.interchange, source.group, source.transaction];
  if (source.line !== undefined) parts.push(String(source.line));
  return parts.map((p) => p.replace(/[|\\]/g, (c) => `\\${c}`)).join('|');
}

/** The fields every event has; `payload` is the event's own. */
export function eventSchema<T extends string, P extends z.ZodType>(type: T, payload: P) {
  return z.strictObject({
    type: z.literal(type),
    version: z.literal(1),
    idempotencyKey: z.string().min(1),
    source: EVENT_SOURCE,
    /** The document's own time (BIA04/05, W0603, BSN03/04…) as an ISO date-time; events apply in this order. */
    occurredAt: z.string().datetime({ offset: true }),
    /** Empty when every item, location and unit resolved; otherwise the event is held for review. */
    findings: z.array(MAPPING_FINDING),
    payload,
  });
}

/**
 * The plain document model the generator writes from. Counts (SE01, GE01, IEA01) and trailers are
 * never part of it: the generator computes them.
 */

/** A simple element (string), a composite (its components), or repetitions of composites. */
export type ElementValue = string | readonly string[] | ReadonlyArray<readonly string[]>;

/** A segment as `[tag, element1, element2, …]`. */
export type SegmentData = readonly [string, ...ElementValue[]];

export interface TransactionSetDocument {
  /** ST01, e.g. "846". */
  readonly set: string;
  /** ST02. */
  readonly control: string;
  /** ST03 (005010 implementation convention reference). */
  readonly implementationReference?: string;
  /** The segments between ST and SE. */
  readonly segments: readonly SegmentData[];
}

export interface FunctionalGroupDocument {
  readonly functionalId: string;
  readonly sender: string;
  readonly receiver: string;
  /** GS04, CCYYMMDD. */
  readonly date: string;
  /** GS05, HHMM or HHMMSS. */
  readonly time: string;
  /** GS06, 1 to 9 digits. */
  readonly control: string | number;
  /** GS07, default "X". */
  readonly agency?: string;
  /** GS08, e.g. "004010" or "005010X231A1". */
  readonly version: string;
  readonly transactions: readonly TransactionSetDocument[];
}

export interface InterchangeDocument {
  readonly authorizationQualifier?: string;
  readonly authorization?: string;
  readonly securityQualifier?: string;
  readonly security?: string;
  readonly senderQualifier: string;
  readonly sender: string;
  readonly receiverQualifier: string;
  readonly receiver: string;
  /** ISA09, YYMMDD. */
  readonly date: string;
  /** ISA10, HHMM. */
  readonly time: string;
  /** ISA12, e.g. "00401" or "00501". */
  readonly version: string;
  /** ISA13, up to nine digits; padded with zeros. */
  readonly control: string | number;
  /** ISA14: ask the receiver for a TA1. */
  readonly ackRequested?: boolean;
  /** ISA15. */
  readonly usage: 'P' | 'T';
  /** TA1 segments to place between ISA and the first GS. */
  readonly interchangeAcknowledgments?: readonly SegmentData[];
  readonly groups: readonly FunctionalGroupDocument[];
}

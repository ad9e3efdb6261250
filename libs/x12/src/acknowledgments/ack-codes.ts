/**
 * Findings of transaction-set validation, carrying the standard's own codes so that a 997/999 can be
 * built from them without translation (X12.6 / 005010X231 code lists).
 */

/** AK304 / IK304: implementation segment syntax error codes. */
export const SEGMENT_ERROR = {
  UNRECOGNIZED_SEGMENT: '1',
  UNEXPECTED_SEGMENT: '2',
  MANDATORY_SEGMENT_MISSING: '3',
  LOOP_OVER_MAXIMUM: '4',
  SEGMENT_OVER_MAXIMUM_USE: '5',
  SEGMENT_NOT_IN_SET: '6',
  SEGMENT_OUT_OF_SEQUENCE: '7',
  SEGMENT_HAS_ELEMENT_ERRORS: '8',
} as const;
export type SegmentErrorCode = (typeof SEGMENT_ERROR)[keyof typeof SEGMENT_ERROR];

/** AK403 / IK403: element syntax error codes. */
export const ELEMENT_ERROR = {
  MANDATORY_MISSING: '1',
  CONDITIONAL_REQUIRED_MISSING: '2',
  TOO_MANY_ELEMENTS: '3',
  TOO_SHORT: '4',
  TOO_LONG: '5',
  INVALID_CHARACTER: '6',
  INVALID_CODE: '7',
  INVALID_DATE: '8',
  INVALID_TIME: '9',
  EXCLUSION_VIOLATED: '10',
  TOO_MANY_REPETITIONS: '12',
  TOO_MANY_COMPONENTS: '13',
} as const;
export type ElementErrorCode = (typeof ELEMENT_ERROR)[keyof typeof ELEMENT_ERROR];

/** AK502..AK506 / IK502..IK506: transaction set syntax error codes. */
export const TRANSACTION_ERROR = {
  NOT_SUPPORTED: '1',
  TRAILER_MISSING: '2',
  CONTROL_NUMBER_MISMATCH: '3',
  SEGMENT_COUNT_MISMATCH: '4',
  SEGMENTS_IN_ERROR: '5',
  INVALID_SET_IDENTIFIER: '6',
  INVALID_CONTROL_NUMBER: '7',
  DUPLICATE_CONTROL_NUMBER: '23',
} as const;
export type TransactionErrorCode = (typeof TRANSACTION_ERROR)[keyof typeof TRANSACTION_ERROR];

export interface ElementFinding {
  /** 1-based element position in the segment (AK401-1 / IK401-1). */
  readonly position: number;
  /** 1-based component position within a composite (AK401-2 / IK401-2). */
  readonly component?: number;
  /** 1-based repetition (IK401-3, 005010). */
  readonly repetition?: number;
  /** Data element reference number (AK402 / IK402). */
  readonly ref: string;
  readonly code: ElementErrorCode;
  /** Copy of the bad value (AK404 / IK404), absent when the element is missing. */
  readonly value?: string;
  readonly message: string;
}

export interface SegmentFinding {
  /** Segment ID (AK301 / IK301). */
  readonly tag: string;
  /** Position in the transaction set, ST = 1 (AK302 / IK302). */
  readonly position: number;
  /** Loop identifier (AK303 / IK303), absent at the set's top level. */
  readonly loop?: string;
  /** AK304 / IK304; absent when the segment itself is fine but its elements are not (then the ack says 8). */
  readonly code?: SegmentErrorCode;
  readonly elements: readonly ElementFinding[];
  readonly message: string;
  /** Where it is in the input, for people. */
  readonly offset: number;
  readonly line: number;
  readonly segmentIndex: number;
  /** Business unit the segment belongs to (999 CTX, when the partner's guide names one). */
  readonly context?: { readonly name: string; readonly value: string };
}

/** What validating one transaction set found. */
export interface TransactionValidation {
  readonly set: string;
  readonly control: string;
  readonly specId: string | null;
  readonly segments: readonly SegmentFinding[];
  /** AK502..AK506 codes beyond segment errors (trailer missing, count mismatch…). */
  readonly transactionErrors: readonly TransactionErrorCode[];
  /** Why the set was not validated, when it was not (no spec for its version, no group). */
  readonly notValidated?: string;
}

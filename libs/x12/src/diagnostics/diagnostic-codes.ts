/**
 * Every diagnostic code the X12 library emits, in one place (STYLE.md: stable string codes).
 * Codes are part of the public contract (CLI JSON, stored diagnostics, acknowledgment mapping):
 * never rename one; add a new code instead.
 */
export const DIAGNOSTIC_CODES = {
  // --- Reading the file and finding delimiters (ISA is fixed width: 106 characters incl. terminator)
  BOM_SKIPPED: { severity: 'warning', text: 'a byte-order mark before ISA was skipped' },
  WHITESPACE_OUTSIDE_INTERCHANGE: { severity: 'warning', text: 'blank lines or spaces before ISA or after IEA were skipped' },
  DATA_OUTSIDE_INTERCHANGE: { severity: 'error', text: 'data that is not an ISA where an interchange should start' },
  NO_INTERCHANGE: { severity: 'error', text: 'the input is empty or holds only whitespace: no interchange and no transaction set' },
  ISA_INVALID: { severity: 'error', text: 'the ISA segment cannot be read, so the delimiters are unknown' },
  ISA_TRUNCATED: { severity: 'error', text: 'the file ends inside the ISA segment' },
  ISA_LENGTH: { severity: 'warning', text: 'the ISA segment is not 106 characters long' },
  ISA16_MISSING: { severity: 'warning', text: 'ISA16 (component separator) is missing' },
  DELIMITER_INVALID: { severity: 'error', text: 'a delimiter is alphanumeric, a space, or used twice' },
  LINE_BREAKS_IN_SEGMENTS: { severity: 'warning', text: 'line breaks inside segments were removed' },
  SEGMENT_TERMINATOR_MISSING: { severity: 'warning', text: 'the last segment has no terminator' },
  SEGMENT_TOO_LONG: { severity: 'error', text: 'a segment runs over the length limit without a terminator and was skipped' },
  DIAGNOSTICS_TRUNCATED: { severity: 'warning', text: 'more diagnostics were found than the limit; the rest are counted, not listed' },
  EMPTY_SEGMENT: { severity: 'warning', text: 'an empty segment (two terminators in a row) was skipped' },
  SEGMENT_TAG_INVALID: { severity: 'error', text: 'a segment identifier is not 2-3 uppercase letters/digits' },

  // --- ISA / IEA (interchange control, X12.5)
  ISA_FIELD_WIDTH: { severity: 'warning', text: 'an ISA field does not have its fixed width' },
  ISA_FIELD_INVALID: { severity: 'error', text: 'an ISA field has a value the standard does not allow' },
  ISA_CONTROL_INVALID: { severity: 'error', text: 'ISA13 is not a nine-digit number' },
  ISA11_INVALID: { severity: 'warning', text: 'ISA11 is not U (before 00402) or not a repetition separator (00402 on)' },
  CONTROL_NUMBER_FORMAT: { severity: 'warning', text: 'a trailer control number equals its header by value but is written differently' },
  ISA_DATE_INVALID: { severity: 'error', text: 'ISA09/ISA10 is not a valid date/time' },
  IEA_MISSING: { severity: 'error', text: 'an interchange has no IEA before the next ISA' },
  UNEXPECTED_END_OF_FILE: { severity: 'error', text: 'the file ends inside an interchange' },
  IEA_GROUP_COUNT_MISMATCH: { severity: 'error', text: 'IEA01 differs from the number of functional groups' },
  IEA_CONTROL_MISMATCH: { severity: 'error', text: 'IEA02 differs from ISA13' },
  TA1_MISPLACED: { severity: 'error', text: 'a TA1 inside a functional group' },

  // --- GS / GE (functional group)
  GS_ELEMENT_MISSING: { severity: 'error', text: 'a mandatory GS element is empty' },
  GS_DATE_INVALID: { severity: 'error', text: 'GS04 is not a valid CCYYMMDD date' },
  GS_TIME_INVALID: { severity: 'error', text: 'GS05 is not a valid HHMM[SS[D[D]]] time' },
  GS_CONTROL_INVALID: { severity: 'error', text: 'GS06 is not a number of 1 to 9 digits' },
  DUPLICATE_GROUP_CONTROL: { severity: 'error', text: 'two functional groups in one interchange share GS06' },
  VERSION_MISMATCH: { severity: 'warning', text: 'GS08 names another major release than ISA12 (e.g. 005010 in a 00401 envelope)' },
  VERSION_DIFFERS: { severity: 'info', text: 'GS08 names another release of the same version than ISA12 (e.g. 004010 in a 00400 envelope)' },
  GE_MISSING: { severity: 'error', text: 'a functional group has no GE' },
  GE_TRANSACTION_COUNT_MISMATCH: { severity: 'error', text: 'GE01 differs from the number of transaction sets' },
  GE_CONTROL_MISMATCH: { severity: 'error', text: 'GE02 differs from GS06' },
  UNEXPECTED_GE: { severity: 'error', text: 'a GE without an open functional group' },

  // --- ST / SE (transaction set)
  ST_ELEMENT_MISSING: { severity: 'error', text: 'ST01 or ST02 is empty' },
  ST_CONTROL_INVALID: { severity: 'warning', text: 'ST02 is not 4 to 9 characters' },
  DUPLICATE_TRANSACTION_CONTROL: { severity: 'error', text: 'two transaction sets in one group share ST02' },
  SE_MISSING: { severity: 'error', text: 'a transaction set has no SE' },
  SE_SEGMENT_COUNT_MISMATCH: { severity: 'error', text: 'SE01 differs from the number of segments ST..SE' },
  SE_CONTROL_MISMATCH: { severity: 'error', text: 'SE02 differs from ST02' },
  UNEXPECTED_SE: { severity: 'error', text: 'an SE without an open transaction set' },
  ST_OUTSIDE_GROUP: { severity: 'error', text: 'an ST inside an interchange but outside a functional group' },
  BARE_TRANSACTION_SET: { severity: 'error', text: 'a transaction set without ISA/GS envelope' },
  SEGMENT_OUTSIDE_TRANSACTION: { severity: 'error', text: 'a segment between envelopes, outside any transaction set' },
} as const satisfies Record<string, { severity: 'error' | 'warning' | 'info'; text: string }>;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

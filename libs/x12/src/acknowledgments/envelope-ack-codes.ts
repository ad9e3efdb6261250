import { Diagnostic } from '../diagnostics/diagnostic';
import { DiagnosticCode } from '../diagnostics/diagnostic-codes';
import { TRANSACTION_ERROR, TransactionErrorCode } from './ack-codes';

/** AK905..AK909 / functional group syntax error codes (X12.6 element 716). */
export const GROUP_ERROR = {
  NOT_SUPPORTED: '1',
  VERSION_NOT_SUPPORTED: '2',
  TRAILER_MISSING: '3',
  CONTROL_NUMBER_MISMATCH: '4',
  TRANSACTION_COUNT_MISMATCH: '5',
  CONTROL_NUMBER_SYNTAX: '6',
  DUPLICATE_CONTROL_NUMBER: '19',
} as const;
export type GroupErrorCode = (typeof GROUP_ERROR)[keyof typeof GROUP_ERROR];

/** Envelope diagnostics that make a transaction set's AK5/IK5 codes. */
const TRANSACTION_CODES: Partial<Record<DiagnosticCode, TransactionErrorCode>> = {
  SE_MISSING: TRANSACTION_ERROR.TRAILER_MISSING,
  SE_CONTROL_MISMATCH: TRANSACTION_ERROR.CONTROL_NUMBER_MISMATCH,
  SE_SEGMENT_COUNT_MISMATCH: TRANSACTION_ERROR.SEGMENT_COUNT_MISMATCH,
  DUPLICATE_TRANSACTION_CONTROL: TRANSACTION_ERROR.DUPLICATE_CONTROL_NUMBER,
};

/** Envelope diagnostics that make a group's AK9 codes. */
const GROUP_CODES: Partial<Record<DiagnosticCode, GroupErrorCode>> = {
  GE_MISSING: GROUP_ERROR.TRAILER_MISSING,
  GE_CONTROL_MISMATCH: GROUP_ERROR.CONTROL_NUMBER_MISMATCH,
  GE_TRANSACTION_COUNT_MISMATCH: GROUP_ERROR.TRANSACTION_COUNT_MISMATCH,
  GS_CONTROL_INVALID: GROUP_ERROR.CONTROL_NUMBER_SYNTAX,
  DUPLICATE_GROUP_CONTROL: GROUP_ERROR.DUPLICATE_CONTROL_NUMBER,
};

/** AK5 codes from envelope diagnostics; ST01/ST02 problems by element (6 invalid identifier, 7 invalid control number). */
export function transactionErrorCodes(diagnostics: readonly Diagnostic[]): TransactionErrorCode[] {
  const codes = diagnostics.flatMap((d): TransactionErrorCode[] => {
    if (d.code === 'ST_ELEMENT_MISSING' || d.code === 'ST_CONTROL_INVALID') return [d.element === 1 ? TRANSACTION_ERROR.INVALID_SET_IDENTIFIER : TRANSACTION_ERROR.INVALID_CONTROL_NUMBER];
    const code = TRANSACTION_CODES[d.code];
    return code === undefined ? [] : [code];
  });
  return [...new Set(codes)];
}

export function groupErrorCodes(diagnostics: readonly Diagnostic[]): GroupErrorCode[] {
  return [...new Set(diagnostics.flatMap((d) => (GROUP_CODES[d.code] === undefined ? [] : [GROUP_CODES[d.code] as GroupErrorCode])))];
}

/** TA105 interchange note codes (X12.5), from interchange-level diagnostics. */
const TA1_NOTES: Partial<Record<DiagnosticCode, string>> = {
  IEA_CONTROL_MISMATCH: '001',
  ISA_CONTROL_INVALID: '018',
  IEA_GROUP_COUNT_MISMATCH: '021',
  IEA_MISSING: '023',
  UNEXPECTED_END_OF_FILE: '023',
  SEGMENT_OUTSIDE_TRANSACTION: '024',
  TA1_MISPLACED: '024',
};

/** ISA_FIELD_INVALID / ISA_DATE_INVALID by element position → TA105. */
const TA1_FIELD_NOTES: Record<number, string> = { 1: '010', 2: '011', 3: '012', 4: '013', 5: '005', 6: '006', 7: '007', 8: '008', 9: '014', 10: '015', 12: '017', 14: '019', 15: '020' };

/** The TA105 note code for the first interchange-level problem, or null when there is none. */
export function interchangeNoteCode(diagnostics: readonly Diagnostic[]): string | null {
  for (const d of diagnostics) {
    if ((d.code === 'ISA_FIELD_INVALID' || d.code === 'ISA_DATE_INVALID') && d.element !== undefined && TA1_FIELD_NOTES[d.element]) return TA1_FIELD_NOTES[d.element];
    const note = TA1_NOTES[d.code];
    if (note !== undefined) return note;
  }
  return null;
}

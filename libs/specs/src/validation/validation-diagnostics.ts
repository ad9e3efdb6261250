import { ELEMENT_ERROR, SEGMENT_ERROR, TransactionSetEnvelope, TransactionValidation, TRANSACTION_ERROR } from '@tradewire/x12';

/** A validation finding in the same located shape as envelope diagnostics, with the acknowledgment codes beside it. */
export interface ValidationDiagnostic {
  readonly code: string;
  readonly severity: 'error' | 'warning';
  readonly message: string;
  readonly segment: string;
  readonly segmentIndex: number;
  readonly offset: number;
  readonly line: number;
  /** Position in the transaction set, ST = 1 (AK302). */
  readonly position: number;
  readonly loop?: string;
  /** AK304 for segment findings, AK403 for element findings. */
  readonly ackCode: string;
  readonly element?: number;
  readonly component?: number;
  readonly repetition?: number;
  readonly ref?: string;
  readonly value?: string;
}

const SEGMENT_NAMES = invert(SEGMENT_ERROR);
const ELEMENT_NAMES = invert(ELEMENT_ERROR);

/** Flattens one transaction set's validation into located diagnostics, one per segment problem and per element problem. */
export function validationDiagnostics(tx: TransactionSetEnvelope, v: TransactionValidation): ValidationDiagnostic[] {
  const out: ValidationDiagnostic[] = [];
  if (v.transactionErrors.includes(TRANSACTION_ERROR.NOT_SUPPORTED)) {
    out.push({
      code: 'TRANSACTION_SET_NOT_SUPPORTED', severity: 'warning', message: `transaction set ${tx.set} ${tx.control} was not validated: ${v.notValidated ?? 'no spec'}`,
      segment: 'ST', segmentIndex: tx.segmentIndex, offset: tx.offset, line: tx.line, position: 1, ackCode: TRANSACTION_ERROR.NOT_SUPPORTED,
    });
  }
  for (const s of v.segments) {
    const at = { segment: s.tag, segmentIndex: s.segmentIndex, offset: s.offset, line: s.line, position: s.position, ...(s.loop ? { loop: s.loop } : {}) };
    if (s.code !== undefined) out.push({ ...at, code: SEGMENT_NAMES[s.code], severity: 'error', message: s.message, ackCode: s.code });
    for (const e of s.elements) {
      out.push({
        ...at, code: `ELEMENT_${ELEMENT_NAMES[e.code]}`, severity: 'error', message: e.message, ackCode: e.code, element: e.position,
        ...(e.component === undefined ? {} : { component: e.component }),
        ...(e.repetition === undefined ? {} : { repetition: e.repetition }),
        ...(e.ref ? { ref: e.ref } : {}),
        ...(e.value === undefined ? {} : { value: e.value }),
      });
    }
  }
  return out;
}

function invert<T extends Record<string, string>>(codes: T): Record<string, string> {
  return Object.fromEntries(Object.entries(codes).map(([name, code]) => [code, name]));
}

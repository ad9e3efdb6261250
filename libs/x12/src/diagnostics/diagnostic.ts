import { DIAGNOSTIC_CODES, DiagnosticCode } from './diagnostic-codes';

export type Severity = 'error' | 'warning' | 'info';

/**
 * A located finding. Collected, never thrown (STYLE.md). `offset` is the byte offset of the
 * segment (or of the problem) from the start of the input; `line` is 1-based; `segmentIndex`
 * is the 0-based position of the segment in the whole input.
 */
export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly message: string;
  /** Segment identifier the finding is about (`ISA`, `SE`, …); null when no segment could be read. */
  readonly segment: string | null;
  readonly segmentIndex: number | null;
  readonly offset: number;
  readonly line: number;
  /** 1-based element position when the finding is about one element. */
  readonly element?: number;
}

export interface DiagnosticLocation {
  segment: string | null;
  segmentIndex: number | null;
  offset: number;
  line: number;
  element?: number;
}

/** Builds a diagnostic with the code's standard severity. */
export function diagnostic(code: DiagnosticCode, message: string, at: DiagnosticLocation): Diagnostic {
  const d: Diagnostic = {
    code,
    severity: DIAGNOSTIC_CODES[code].severity,
    message,
    segment: at.segment,
    segmentIndex: at.segmentIndex,
    offset: at.offset,
    line: at.line,
  };
  return at.element === undefined ? d : { ...d, element: at.element };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Stable code of every outbound mapping failure, for logs and job records. */
export const OUTBOUND_MAPPING_FAILED = 'OUTBOUND_MAPPING_FAILED';

/**
 * Thrown when a canonical event or input cannot become a complete X12 document for a partner: an
 * unknown SKU, a location with no partner code, a value X12 cannot carry. Outbound documents are
 * never sent half-mapped, so every problem is collected first and listed together.
 */
export class OutboundMappingError extends Error {
  readonly code = OUTBOUND_MAPPING_FAILED;

  constructor(
    /** What was being written, e.g. "940 for acme-3pl". */
    readonly document: string,
    readonly problems: string[],
  ) {
    super(`${OUTBOUND_MAPPING_FAILED}: cannot write the ${document}: ${problems.join('; ')}`);
    this.name = 'OutboundMappingError';
  }
}

/** Throws one OutboundMappingError listing every problem, when there is any. */
export function throwIfProblems(document: string, problems: readonly string[]): void {
  if (problems.length > 0) throw new OutboundMappingError(document, [...problems]);
}

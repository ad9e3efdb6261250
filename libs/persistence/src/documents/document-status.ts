/** Where a document is: the happy path in order, then the three ends a document can also come to. */
export const DOCUMENT_STATUSES = ['received', 'parsed', 'validated', 'acknowledged', 'translated', 'applied', 'failed', 'quarantined', 'ignored'] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

const PATH: readonly DocumentStatus[] = ['received', 'parsed', 'validated', 'acknowledged', 'translated', 'applied'];

/**
 * Moves are forward along the path (a stage may be skipped, e.g. no acknowledgment owed), to failed,
 * quarantined or ignored from anywhere before applied, and back to received from failed or
 * quarantined (retry, replay). An applied or ignored document does not move again.
 */
export function canMove(from: DocumentStatus, to: DocumentStatus): boolean {
  if (from === 'applied' || from === 'ignored') return false;
  if (to === 'failed' || to === 'quarantined' || to === 'ignored') return from !== to;
  if (from === 'failed' || from === 'quarantined') return to === 'received';
  return PATH.indexOf(to) > PATH.indexOf(from);
}

import { CanonicalEvent } from '@tradewire/canonical';

/**
 * Most event lines one write stores and one ledger transaction applies. A batch of small documents
 * (945s of a line or two) goes in one piece; a batch of big ones (846s of 10,000 items) is done a set
 * at a time, so the first sets go on to the next stage while the rest are worked on, and no
 * transaction grows with the batch (measured: the 100,000-item 846 of the pipeline benchmark).
 */
export const CHUNK_LINES = 10_000;

/** An event's size for chunking: its lines (items, order or shipment lines), or 1. */
export function eventWeight(event: CanonicalEvent): number {
  const lines = (event.payload as { lines?: unknown }).lines;
  return Array.isArray(lines) ? Math.max(1, lines.length) : 1;
}

/** Items split into consecutive chunks of at most `max` weight (an item heavier than that is a chunk of its own). */
export function chunksByWeight<T>(items: readonly T[], weight: (item: T) => number, max: number = CHUNK_LINES): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let total = 0;
  for (const item of items) {
    const w = weight(item);
    if (current.length > 0 && total + w > max) {
      chunks.push(current);
      current = [];
      total = 0;
    }
    current.push(item);
    total += w;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

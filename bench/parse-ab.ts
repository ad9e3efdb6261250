import { X12Parser } from '@tradewire/x12';
import { ByteTokenizer, ElementReader } from './parse-runners';

/**
 * In-memory runners for `bench/tools/parse-ab.sh`, which bundles this file twice, each time with
 * `@tradewire/x12` from another tree, and runs both builds in one process. No file reading: each
 * parse takes the file's 64 KiB chunks from memory, so only parsing differs between the runs.
 */

/** The streaming parse of the benchmark's `tradewire-stream`, from chunks in memory. */
export function tradewireStream(chunks: readonly Buffer[]): number {
  const reader = new ElementReader();
  const parser = new X12Parser({ onSegment: reader.onSegment, onInterchange: reader.onInterchange, keepEnvelopes: false });
  for (const chunk of chunks) parser.push(chunk);
  return parser.end().segmentCount + reader.checksum;
}

/** The benchmark's `baseline-bytes`, from chunks in memory: the same bar in both builds. */
export function baselineBytes(chunks: readonly Buffer[]): number {
  const tokenizer = new ByteTokenizer();
  for (const chunk of chunks) tokenizer.push(chunk);
  tokenizer.end();
  return tokenizer.segments + tokenizer.checksum;
}

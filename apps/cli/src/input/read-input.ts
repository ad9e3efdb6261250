import { createReadStream, statSync } from 'fs';
import { X12Chunk } from '@tradewire/x12';

/** The input could not be read: a usage problem (exit code 2), not a finding about a document. */
export class InputError extends Error {}

/** Chunks of FILE, or of standard input when FILE is "-". Streams: the file is never held whole. */
export function openInput(file: string): AsyncIterable<X12Chunk> {
  if (file === '-') return process.stdin;
  let isFile: boolean;
  try {
    isFile = statSync(file).isFile();
  } catch (e) {
    throw new InputError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (!isFile) throw new InputError(`cannot read ${file}: not a regular file`);
  return createReadStream(file, { highWaterMark: 256 * 1024 });
}

import { createHash, randomUUID } from 'crypto';
import { createWriteStream } from 'fs';
import { mkdir, readdir, readFile, stat, unlink } from 'fs/promises';
import { join } from 'path';
import { Readable, Transform } from 'stream';
import { pipeline } from 'stream/promises';

/** A download larger than MAX_DOCUMENT_BYTES: refused, the rest of it never read. */
export class TooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`larger than the ${limit}-byte limit (MAX_DOCUMENT_BYTES)`);
    this.name = 'TooLargeError';
  }
}

export interface Spooled {
  readonly size: number;
  readonly sha256: string;
  /** The bytes, read back once the whole file is safely on local disk. */
  bytes(): Promise<Buffer>;
  discard(): Promise<void>;
}

/**
 * Streams a remote file to a local spool file under a name of our own (never the partner's), hashing
 * and counting as it goes and stopping at `maxBytes`. Why a spool file rather than a streaming receive:
 * the raw store keeps each document as one bytea row, and the driver sends a bytea parameter whole, so
 * one copy in memory at the moment of the insert is unavoidable there; the spool keeps the slow part
 * (the network transfer, and any number of files in flight) off the heap, bounds that one copy by the
 * size limit, and lets a dropped connection leave nothing half-stored.
 */
export async function spool(source: Readable, directory: string, maxBytes: number): Promise<Spooled> {
  await mkdir(directory, { recursive: true, mode: 0o700 });
  const path = join(directory, `tradewire-sftp-${randomUUID()}.part`);
  const hash = createHash('sha256');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > maxBytes) return done(new TooLargeError(maxBytes));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(source, meter, createWriteStream(path, { mode: 0o600 }));
  } catch (e) {
    source.destroy();
    await unlink(path).catch(() => undefined);
    throw e;
  }
  return { size, sha256: hash.digest('hex'), bytes: () => readFile(path), discard: () => unlink(path).catch(() => undefined) };
}

/**
 * Removes spool files a crashed process left behind (ours only: `tradewire-sftp-*.part`) that are
 * older than `olderThanMs`: a download in flight in another process is younger. Returns how many.
 */
export async function sweepSpool(directory: string, olderThanMs: number, now = Date.now()): Promise<number> {
  let names: string[];
  try {
    names = await readdir(directory);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names.filter((n) => /^tradewire-sftp-[0-9a-f-]{36}\.part$/.test(n))) {
    const path = join(directory, name);
    const info = await stat(path).catch(() => null);
    if (info !== null && now - info.mtimeMs > olderThanMs && (await unlink(path).then(() => true, () => false))) removed++;
  }
  return removed;
}

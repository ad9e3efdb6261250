import { posix } from 'path';

/**
 * A partner's file names are data, never paths: a name is accepted only when it is one plain path
 * component (no separators, no `.`/`..`, no NUL or other control characters), so joining it to a
 * directory of the profile can only ever point inside that directory. Nothing we store locally is named
 * after it (spool files get names of our own).
 */
export function unsafeNameReason(name: string): string | null {
  if (name.length === 0) return 'empty name';
  if (Buffer.byteLength(name, 'utf8') > 255) return 'name longer than 255 bytes';
  if (name === '.' || name === '..') return 'a directory reference';
  if (name.includes('/') || name.includes('\\')) return 'a path separator in the name';
  // NUL would cut the name short in C-based servers and cannot be stored in PostgreSQL text.
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'a control character in the name';
  return null;
}

/** `directory/name` on the server, for a name that passed unsafeNameReason; throws otherwise. */
export function remotePath(directory: string, name: string): string {
  const reason = unsafeNameReason(name);
  if (reason !== null) throw new Error(`refused remote name ${JSON.stringify(name)}: ${reason}`);
  const path = posix.join(directory, name);
  const normalized = posix.normalize(directory);
  const expected = normalized.length > 1 ? normalized.replace(/\/+$/, '') : normalized;
  // Belt and braces: the checks above already make this impossible.
  if (posix.dirname(path) !== expected) {
    throw new Error(`refused remote name ${JSON.stringify(name)}: leaves ${directory}`);
  }
  return path;
}

/** The profile's file pattern: `*` any run of characters, `?` one character; everything else literal. */
export function matchesPattern(name: string, pattern: string): boolean {
  const source = [...pattern].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${source}$`, 's').test(name);
}

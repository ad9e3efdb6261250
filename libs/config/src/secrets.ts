import { readFile } from 'fs/promises';
import { isAbsolute } from 'path';

/**
 * Profiles name where a secret is (`env:NAME` or `file:/absolute/path`), never the secret itself
 * (partners/profile schema, SECRET_REFERENCE). This is the one place such a reference is resolved;
 * the value is read when it is needed, so a rotated key file is picked up without a restart.
 */
export class SecretError extends Error {
  constructor(readonly reference: string, reason: string) {
    super(`secret ${reference}: ${reason}`);
    this.name = 'SecretError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/** The secret's bytes. Throws SecretError naming the reference (never the value) when it is missing. */
export async function resolveSecret(reference: string, env: Env = process.env): Promise<Buffer> {
  if (reference.startsWith('env:')) {
    const value = env[reference.slice(4)];
    if (value === undefined || value === '') throw new SecretError(reference, 'the environment variable is not set');
    return Buffer.from(value, 'utf8');
  }
  if (reference.startsWith('file:')) {
    const path = reference.slice(5);
    if (!isAbsolute(path) || path.includes('\0')) throw new SecretError(reference, 'a file reference needs an absolute path');
    try {
      return await readFile(path);
    } catch (error) {
      throw new SecretError(reference, `cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
  throw new SecretError(reference, 'not env:NAME or file:/absolute/path');
}

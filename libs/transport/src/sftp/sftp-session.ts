import { Readable } from 'stream';
import SftpClient from 'ssh2-sftp-client';
import { resolveSecret } from '@tradewire/config';
import { PartnerProfile } from '@tradewire/partners';
import { hostKeyMatches, sshFingerprint } from './host-key';
import { RemoteEntry } from './stability';

/** The SFTP block of a partner profile. */
export type SftpEndpoint = NonNullable<NonNullable<PartnerProfile['transports']>['sftp']>;

export interface SftpSessionOptions {
  readonly connectTimeoutMs: number;
  /** Where the client's events go (never credentials): ssh2-sftp-client prints to the console otherwise. */
  readonly log?: (message: string) => void;
}

/** Connecting or logging in failed: counts towards the partner's back-off and circuit breaker. */
export class SftpConnectError extends Error {
  constructor(readonly code: 'HOST_KEY_MISMATCH' | 'CREDENTIAL' | 'CONNECT', message: string) {
    super(`${code}: ${message}`);
    this.name = 'SftpConnectError';
  }
}

/** One logged-in SFTP connection to a partner's server, with the few operations the transport needs. */
export interface SftpSession {
  list(directory: string): Promise<RemoteEntry[]>;
  /** A stream of the remote file; it fails (rather than hangs) when the connection drops. */
  read(path: string): Readable;
  /** Size in bytes, or null when there is no such file. */
  size(path: string): Promise<number | null>;
  write(path: string, bytes: Buffer): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  remove(path: string): Promise<void>;
  end(): Promise<void>;
}

/**
 * A password, or a private key when the secret reads as one (a PEM or OpenSSH key header): profiles
 * name one credential, and its content says which it is.
 */
export function credentialFrom(secret: Buffer): { password: string } | { privateKey: Buffer } {
  const text = secret.toString('utf8');
  if (/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(text)) return { privateKey: secret };
  // A password kept in a file usually ends with one line break that is not part of it.
  return { password: text.replace(/\r?\n$/, '') };
}

/**
 * Connects and logs in, verifying the server's host key against the profile's fingerprint before any
 * credential is sent. Failures are SftpConnectError, naming the secret reference, never its value.
 */
export async function openSftp(endpoint: SftpEndpoint, options: SftpSessionOptions): Promise<SftpSession> {
  const log = options.log ?? (() => undefined);
  let secret: Buffer;
  try {
    secret = await resolveSecret(endpoint.credential);
  } catch (e) {
    throw new SftpConnectError('CREDENTIAL', (e as Error).message);
  }
  let refusedKey: string | null = null;
  const streams = new Set<Readable>();
  const dropped = (why: string) => () => {
    for (const s of streams) s.destroy(new Error(`SFTP connection ${why}`));
  };
  const client = new SftpClient(`sftp:${endpoint.host}`, { error: (e: unknown) => { log(`error: ${(e as Error).message}`); dropped('failed')(); }, end: dropped('ended'), close: dropped('closed') });
  try {
    await client.connect({
      host: endpoint.host, port: endpoint.port, username: endpoint.username, readyTimeout: options.connectTimeoutMs, ...credentialFrom(secret),
      hostVerifier: (key: Buffer) => {
        if (hostKeyMatches(key, endpoint.hostKeyFingerprint)) return true;
        refusedKey = sshFingerprint(key);
        return false;
      },
    });
  } catch (e) {
    await client.end().catch(() => undefined);
    if (refusedKey !== null) {
      throw new SftpConnectError('HOST_KEY_MISMATCH', `${endpoint.host}:${endpoint.port} presented host key ${refusedKey}, the profile expects ${endpoint.hostKeyFingerprint}`);
    }
    throw new SftpConnectError('CONNECT', `${endpoint.username}@${endpoint.host}:${endpoint.port}: ${(e as Error).message}`);
  }
  return session(client, streams);
}

function session(client: SftpClient, streams: Set<Readable>): SftpSession {
  return {
    async list(directory) {
      const entries = await client.list(directory);
      return entries.map((e) => ({ name: e.name, size: e.size, mtime: Math.floor(e.modifyTime / 1000), isFile: e.type === '-' }));
    },
    read(path) {
      const stream = client.createReadStream(path) as unknown as Readable;
      // ssh2's read stream emits its own error after the connection drops, when the reader has already
      // been failed (by the close handler above) and has stopped listening: keep that from crashing.
      stream.on('error', () => undefined);
      streams.add(stream);
      stream.once('close', () => streams.delete(stream));
      return stream;
    },
    async size(path) {
      try {
        return (await client.stat(path)).size;
      } catch (e) {
        if ((e as { code?: unknown }).code === 2 || /no such file/i.test((e as Error).message)) return null;
        throw e;
      }
    },
    async write(path, bytes) {
      await client.put(bytes, path);
    },
    async rename(from, to) {
      await client.rename(from, to);
    },
    async remove(path) {
      await client.delete(path);
    },
    async end() {
      await client.end().catch(() => undefined);
    },
  };
}

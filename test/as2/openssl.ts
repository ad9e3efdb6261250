import { execFileSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { As2Certificate, As2Identity, readCertificates, readIdentity } from '@tradewire/transport';

/** Test keys and certificates, made by the openssl command in a temporary directory (never committed). */
export interface TestParty {
  readonly name: string;
  readonly keyPath: string;
  readonly certPath: string;
  readonly identity: As2Identity;
  readonly certificate: As2Certificate;
}

export function openssl(args: readonly string[], input?: Buffer): Buffer {
  return execFileSync('/usr/bin/openssl', args, { input, stdio: ['pipe', 'pipe', 'pipe'] });
}

export function makeTempDir(): string {
  return mkdtempSync(join(tmpdir(), 'tradewire-as2-'));
}

export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** A self-signed RSA 2048 certificate valid for `days` (AS2 partners exchange such certificates directly). */
export function makeParty(dir: string, name: string, days = 30): TestParty {
  const keyPath = join(dir, `${name}.key.pem`);
  const certPath = join(dir, `${name}.cert.pem`);
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyPath, '-out', certPath, '-days', String(days), '-subj', `/CN=${name}/O=Tradewire test`]);
  const identity = readIdentity(readFileSync(keyPath), readFileSync(certPath));
  return { name, keyPath, certPath, identity, certificate: readCertificates(readFileSync(certPath))[0] };
}

export function writeTemp(dir: string, name: string, bytes: Buffer | string): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

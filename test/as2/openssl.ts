import { execFileSync } from 'child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
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

/**
 * A certificate that expired in 2020 (`openssl req -x509` cannot backdate, `openssl ca` can): the
 * real thing for the expired-certificate cases, not just a profile date.
 */
export function makeExpiredParty(dir: string, name: string): TestParty {
  const ca = join(dir, `${name}-ca`);
  mkdirSync(ca);
  writeFileSync(join(ca, 'index.txt'), '');
  writeFileSync(join(ca, 'serial'), '01\n');
  writeFileSync(join(ca, 'ca.cnf'), `[ca]\ndefault_ca = test\n[test]\ndatabase = ${ca}/index.txt\nserial = ${ca}/serial\nnew_certs_dir = ${ca}\ndefault_md = sha256\npolicy = any\nunique_subject = no\n[any]\ncommonName = supplied\n`);
  const keyPath = join(dir, `${name}.key.pem`);
  const certPath = join(dir, `${name}.cert.pem`);
  const csr = join(ca, 'request.csr');
  openssl(['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyPath, '-out', csr, '-subj', `/CN=${name}`]);
  openssl(['ca', '-batch', '-config', join(ca, 'ca.cnf'), '-selfsign', '-keyfile', keyPath, '-in', csr, '-startdate', '20200101000000Z', '-enddate', '20200201000000Z', '-out', certPath]);
  const identity = readIdentity(readFileSync(keyPath), readFileSync(certPath));
  return { name, keyPath, certPath, identity, certificate: readCertificates(readFileSync(certPath))[0] };
}

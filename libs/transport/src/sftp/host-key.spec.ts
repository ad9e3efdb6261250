import { execFileSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ParsedKey, utils } from 'ssh2';
import { ed25519KeyPair } from '../../../../test/support/ssh-keys';
import { outboundFileName } from '../delivery/deliverer';
import { hostKeyMatches, sshFingerprint } from './host-key';
import { credentialFrom } from './sftp-session';

describe('sshFingerprint', () => {
  it.each(['ed25519', 'ecdsa'] as const)('prints a %s key’s fingerprint exactly as ssh-keygen -l does', (type) => {
    const keys = type === 'ecdsa' ? utils.generateKeyPairSync('ecdsa', { bits: 256 }) : ed25519KeyPair();
    const dir = mkdtempSync(join(tmpdir(), 'tw-hostkey-'));
    try {
      writeFileSync(join(dir, 'key.pub'), keys.public);
      const printed = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', join(dir, 'key.pub')], { encoding: 'utf8' }).split(' ')[1];
      const blob = (utils.parseKey(keys.public) as ParsedKey).getPublicSSH();
      expect(sshFingerprint(blob)).toBe(printed);
      expect([hostKeyMatches(blob, printed), hostKeyMatches(blob, `${printed}=`), hostKeyMatches(Buffer.from('other key'), printed)]).toEqual([true, true, false]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('credentialFrom', () => {
  it('reads a PEM or OpenSSH key header as a private key, anything else as a password without its trailing line break', () => {
    const openssh = Buffer.from(ed25519KeyPair().private);
    expect(credentialFrom(openssh)).toEqual({ privateKey: openssh });
    const pem = Buffer.from('-----BEGIN RSA PRIVATE KEY-----\nMII…\n-----END RSA PRIVATE KEY-----\n');
    expect(credentialFrom(pem)).toEqual({ privateKey: pem });
    expect(credentialFrom(Buffer.from('s3cret -----BEGIN\n'))).toEqual({ password: 's3cret -----BEGIN' });
  });
});

describe('outboundFileName', () => {
  it('names a document <kind>-<ISA13>-<id>.x12 from our own values only', () => {
    const isa = 'ISA*00*          *00*          *ZZ*TRADEWIREDIST  *ZZ*ACME3PL        *261130*0600*U*00401*000000042*0*P*>~';
    expect(outboundFileName({ id: '0b7d0c1e-4a8e-4c57-9d3a-7f0e2a1c9b11', partnerId: 'acme-3pl', kind: '997', content: Buffer.from(isa) })).toBe('997-000000042-0b7d0c1e4a8e4c579d3a7f0e2a1c9b11.x12');
    expect(outboundFileName({ id: 'x/../y', partnerId: 'p', kind: '../TA1', content: Buffer.from('not x12') })).toBe('TA1-noisa-xy.x12');
  });
});

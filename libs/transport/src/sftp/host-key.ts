import { createHash } from 'crypto';

/**
 * The SHA256 fingerprint of an SSH public key blob as `ssh-keygen -l` prints it: `SHA256:` and the
 * unpadded base64 of the digest of the raw key (the wire-format blob the server sends).
 */
export function sshFingerprint(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** Whether a server's key blob is the one the profile names (padding in the profile is tolerated). */
export function hostKeyMatches(keyBlob: Buffer, expected: string): boolean {
  return sshFingerprint(keyBlob) === expected.replace(/=+$/, '');
}

import { ParsedKey, utils } from 'ssh2';

/**
 * An ed25519 key pair in OpenSSH form that ssh2 can read back. ssh2 1.17's `generateKeyPairSync('ed25519')`
 * writes a malformed public key (31 bytes, its leading zero byte dropped) about once in 256 pairs, and
 * `parseKey` then returns an Error instead of a key: a test that took the first pair failed at random.
 * Draw again until both halves parse.
 */
export function ed25519KeyPair(): { private: string; public: string; publicKey: ParsedKey } {
  for (;;) {
    const keys = utils.generateKeyPairSync('ed25519');
    const publicKey = utils.parseKey(keys.public);
    if (!(publicKey instanceof Error) && !(utils.parseKey(keys.private) instanceof Error)) {
      return { private: keys.private, public: keys.public, publicKey: publicKey as ParsedKey };
    }
  }
}

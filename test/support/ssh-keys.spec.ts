import { utils } from 'ssh2';
import { ed25519KeyPair } from './ssh-keys';

describe('ed25519KeyPair', () => {
  it('gives pairs ssh2 reads back, every time (a bare generateKeyPairSync draws a malformed one about once in 256)', () => {
    // 2,000 draws: without the redraw, all of them parsing has a chance of about (255/256)^2000 ≈ 0.04 %.
    const pairs = Array.from({ length: 2000 }, () => ed25519KeyPair());
    const unreadable = pairs.filter((keys) => utils.parseKey(keys.public) instanceof Error || utils.parseKey(keys.private) instanceof Error);
    expect(unreadable).toEqual([]);
    expect(pairs[0].publicKey.getPublicSSH().length).toBe(51); // string "ssh-ed25519" (4 + 11) + 32-byte key (4 + 32)
  });
});

import { ENCRYPTION_ALGORITHMS, EncryptionAlgorithm, KeyTransport, packMessage, PackOptions, SIGNING_ALGORITHMS, SigningAlgorithm, unpackMessage, UnpackOptions } from '@tradewire/transport';
import { makeParty, makeTempDir, removeTempDir, TestParty } from './openssl';

/** The AS2 core on its own: every algorithm combination there and back, and each way a message is refused. */
let dir: string;
let us: TestParty;
let partner: TestParty;
let stranger: TestParty;
const EDI = Buffer.from('ISA*00*          *00*          *ZZ*ACME3PL        *ZZ*TRADEWIREDIST  *261130*0600*U*00401*000000701*0*P*>~\r\nIEA*0*000000701~\r\n');

beforeAll(() => {
  dir = makeTempDir();
  us = makeParty(dir, 'us');
  partner = makeParty(dir, 'partner');
  stranger = makeParty(dir, 'stranger');
});
afterAll(() => removeTempDir(dir));

/** The partner packs, we unpack. */
function exchange(pack: Omit<PackOptions, 'ours' | 'partnerCertificate'>, unpack: Partial<UnpackOptions> = {}) {
  const packed = packMessage({ content: EDI, fileName: 'in.edi' }, { ...pack, ours: partner.identity, partnerCertificate: us.certificate });
  const opened = unpackMessage({ contentType: packed.contentType, disposition: packed.headers['Content-Disposition'] }, packed.body, { ours: us.identity, partnerCertificates: [partner.certificate], requireSigned: false, requireEncrypted: false, ...unpack });
  return { packed, opened };
}

const combinations: Array<[SigningAlgorithm | 'none', EncryptionAlgorithm | 'none', KeyTransport, boolean]> = [];
for (const signing of [...SIGNING_ALGORITHMS, 'none' as const]) {
  for (const encryption of [...ENCRYPTION_ALGORITHMS, 'none' as const]) {
    for (const compression of [false, true]) combinations.push([signing, encryption, encryption === 'des-ede3-cbc' ? 'rsa-oaep' : 'rsa', compression]);
  }
}
for (const encryption of ENCRYPTION_ALGORITHMS) combinations.push(['sha256', encryption, 'rsa-oaep', false], ['sha256', encryption, 'rsa', true]);

describe('packMessage / unpackMessage', () => {
  it.each(combinations)('signed %s, encrypted %s (%s key transport), compressed %s: the payload and the MIC come back', (signing, encryption, keyTransport, compression) => {
    const { packed, opened } = exchange({ signing, encryption, keyTransport, compression });
    expect(opened.payload.equals(EDI)).toBe(true);
    expect(opened).toMatchObject({ signed: signing !== 'none', encrypted: encryption !== 'none', compressed: compression, fileName: 'in.edi', contentType: 'application/edi-x12' });
    if (encryption !== 'none') expect(opened).toMatchObject({ encryption, keyTransport });
    const micAlgorithm = signing === 'none' ? 'sha256' : signing;
    const reopened = unpackMessage({ contentType: packed.contentType }, packed.body, { ours: us.identity, partnerCertificates: [partner.certificate], requireSigned: false, requireEncrypted: false, micAlgorithm });
    expect(reopened.mic).toEqual(packed.mic);
  });

  it('refuses a signed message whose payload was changed on the way (integrity-check-failed)', () => {
    const packed = packMessage({ content: EDI }, { signing: 'sha256', encryption: 'none', compression: false, ours: partner.identity });
    const tampered = Buffer.from(packed.body.toString('latin1').replace('000000701', '000000702'), 'latin1');
    expect(() => unpackMessage({ contentType: packed.contentType }, tampered, { ours: us.identity, partnerCertificates: [partner.certificate], requireSigned: true, requireEncrypted: false })).toThrow(/^integrity-check-failed/);
  });

  it('refuses a message signed with a certificate that is not the partner\'s (authentication-failed)', () => {
    expect(() => exchange({ signing: 'sha256', encryption: 'aes256-cbc', compression: false }, { partnerCertificates: [stranger.certificate] })).toThrow(/^authentication-failed/);
  });

  it('refuses a signature when the partner has no certificate in force (an expired one is not offered)', () => {
    expect(() => exchange({ signing: 'sha1', encryption: 'none', compression: false }, { partnerCertificates: [] })).toThrow(/^authentication-failed/);
  });

  it('refuses a message encrypted for another certificate (decryption-failed)', () => {
    const packed = packMessage({ content: EDI }, { signing: 'sha256', encryption: 'aes128-cbc', compression: false, ours: partner.identity, partnerCertificate: stranger.certificate });
    expect(() => unpackMessage({ contentType: packed.contentType }, packed.body, { ours: us.identity, partnerCertificates: [partner.certificate], requireSigned: true, requireEncrypted: true })).toThrow(/^decryption-failed/);
  });

  it('refuses a corrupted ciphertext (decryption-failed), for CBC and GCM', () => {
    for (const encryption of ['aes256-cbc', 'aes256-gcm'] as const) {
      const packed = packMessage({ content: EDI }, { signing: 'sha256', encryption, compression: false, ours: partner.identity, partnerCertificate: us.certificate });
      packed.body[packed.body.length - 40] ^= 0xff;
      expect(() => unpackMessage({ contentType: packed.contentType }, packed.body, { ours: us.identity, partnerCertificates: [partner.certificate], requireSigned: true, requireEncrypted: true })).toThrow(/^(decryption|integrity-check)-failed/);
    }
  });

  it.each([
    ['unsigned', { signing: 'none', encryption: 'aes256-cbc' }, { requireSigned: true }],
    ['unencrypted', { signing: 'sha256', encryption: 'none' }, { requireEncrypted: true }],
  ] as const)('refuses an %s message to a profile that requires it (insufficient-message-security)', (_, pack, unpack) => {
    expect(() => exchange({ ...pack, compression: false }, unpack)).toThrow(/^insufficient-message-security/);
  });

  it('refuses compressed content that would inflate past the limit (unexpected-processing-error)', () => {
    const packed = packMessage({ content: Buffer.alloc(2 * 1024 * 1024) }, { signing: 'none', encryption: 'none', compression: true, ours: partner.identity });
    expect(() => unpackMessage({ contentType: packed.contentType }, packed.body, { ours: us.identity, partnerCertificates: [], requireSigned: false, requireEncrypted: false, maxContentBytes: 1024 * 1024 })).toThrow(/^unexpected-processing-error/);
  });

  it('decrypts with our previous identity during our own rollover, and only then', () => {
    const packed = packMessage({ content: EDI }, { signing: 'sha256', encryption: 'aes256-cbc', compression: false, ours: partner.identity, partnerCertificate: stranger.certificate });
    const options = { ours: us.identity, partnerCertificates: [partner.certificate], requireSigned: true, requireEncrypted: true };
    expect(unpackMessage({ contentType: packed.contentType }, packed.body, { ...options, oursPrevious: stranger.identity }).payload.equals(EDI)).toBe(true);
    expect(() => unpackMessage({ contentType: packed.contentType }, packed.body, options)).toThrow(/^decryption-failed/);
  });
});

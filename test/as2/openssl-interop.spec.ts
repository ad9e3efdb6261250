import { readFileSync } from 'fs';
import { join } from 'path';
import { buildMdn, EncryptionAlgorithm, KeyTransport, packMessage, parseEntity, SigningAlgorithm, unpackMessage } from '@tradewire/transport';
import { makeParty, makeTempDir, openssl, removeTempDir, TestParty, writeTemp } from './openssl';

/**
 * Interoperability with an implementation we did not write: OpenSSL's `openssl cms`. Messages built by
 * openssl are opened by us; what we build is opened and verified by openssl.
 */
let dir: string;
let us: TestParty;
let partner: TestParty;
const EDI = 'ISA*00*          *00*          *ZZ*ACME3PL        *ZZ*TRADEWIREDIST  *261130*0600*U*00401*000000701*0*P*>~\r\nIEA*0*000000701~\r\n';
const ENTITY = `Content-Type: application/edi-x12\r\nContent-Disposition: attachment; filename="acme.edi"\r\n\r\n${EDI}`;

beforeAll(() => {
  dir = makeTempDir();
  us = makeParty(dir, 'us');
  partner = makeParty(dir, 'partner');
});
afterAll(() => removeTempDir(dir));

const OPENSSL_CIPHER: Record<EncryptionAlgorithm, string> = {
  'aes128-cbc': '-aes128', 'aes192-cbc': '-aes192', 'aes256-cbc': '-aes256', 'aes128-gcm': '-aes-128-gcm', 'aes256-gcm': '-aes-256-gcm', 'des-ede3-cbc': '-des3',
};
const DIGESTS: SigningAlgorithm[] = ['sha1', 'sha256', 'sha384', 'sha512'];
const CIPHERS = Object.keys(OPENSSL_CIPHER) as EncryptionAlgorithm[];
const TRANSPORTS: KeyTransport[] = ['rsa', 'rsa-oaep'];
const cases = CIPHERS.flatMap((cipher, i) => TRANSPORTS.map((transport, j) => [DIGESTS[(i + j) % 4], cipher, transport] as const));

function opensslSignThenEncrypt(digest: SigningAlgorithm, cipher: EncryptionAlgorithm, transport: KeyTransport, outform: 'SMIME' | 'DER'): { message: Buffer; signed: Buffer } {
  const entity = writeTemp(dir, 'entity.mime', ENTITY);
  const signed = join(dir, 'signed.msg');
  openssl(['cms', '-sign', '-binary', '-in', entity, '-signer', partner.certPath, '-inkey', partner.keyPath, '-md', digest, '-out', signed]);
  const oaep = transport === 'rsa-oaep' ? ['-keyopt', 'rsa_padding_mode:oaep'] : [];
  const message = openssl(['cms', '-encrypt', '-binary', '-in', signed, OPENSSL_CIPHER[cipher], '-recip', us.certPath, ...oaep, '-outform', outform]);
  return { message, signed: readFileSync(signed) };
}

describe('openssl cms → us', () => {
  it.each(cases)('opens a message openssl signed with %s and encrypted with %s (%s key transport), and the MIC is over what openssl signed', (digest, cipher, transport) => {
    const { message } = opensslSignThenEncrypt(digest, cipher, transport, 'SMIME');
    // S/MIME output: the outer MIME headers travel as HTTP headers, the rest as the body.
    const outer = parseEntity(message);
    const opened = unpackMessage({ contentType: outer.headers.get('content-type') ?? '', transferEncoding: outer.headers.get('content-transfer-encoding') }, outer.body, { ours: us.identity, partnerCertificates: [partner.certificate], requireSigned: true, requireEncrypted: true });
    expect(opened.payload.toString()).toBe(EDI);
    expect(opened).toMatchObject({ signed: true, encrypted: true, encryption: cipher, keyTransport: transport, fileName: 'acme.edi' });
    const expectedMic = openssl(['dgst', `-${digest}`, '-binary'], Buffer.from(ENTITY)).toString('base64');
    expect(opened.mic).toEqual({ value: expectedMic, algorithm: digest });
  });

  it('opens a binary (DER) enveloped message as AS2 sends it', () => {
    const { message } = opensslSignThenEncrypt('sha256', 'aes256-cbc', 'rsa', 'DER');
    const opened = unpackMessage({ contentType: 'application/pkcs7-mime; smime-type=enveloped-data' }, message, { ours: us.identity, partnerCertificates: [partner.certificate], requireSigned: true, requireEncrypted: true });
    expect(opened.payload.toString()).toBe(EDI);
  });

  it('refuses an openssl-signed message whose signed content was altered (integrity-check-failed)', () => {
    const entity = writeTemp(dir, 'entity.mime', ENTITY);
    const signed = openssl(['cms', '-sign', '-binary', '-in', entity, '-signer', partner.certPath, '-inkey', partner.keyPath, '-md', 'sha256']);
    const tampered = parseEntity(Buffer.from(signed.toString('latin1').replace('*0*P*', '*0*T*'), 'latin1'));
    expect(() => unpackMessage({ contentType: tampered.headers.get('content-type') ?? '' }, tampered.body, { ours: us.identity, partnerCertificates: [partner.certificate], requireSigned: true, requireEncrypted: false })).toThrow(/^integrity-check-failed/);
  });
});

describe('us → openssl cms', () => {
  it.each(cases)('openssl decrypts and verifies what we signed with %s and encrypted with %s (%s key transport)', (signing, encryption, keyTransport) => {
    const packed = packMessage({ content: Buffer.from(EDI), fileName: 'out.edi' }, { signing, encryption, keyTransport, compression: false, ours: us.identity, partnerCertificate: partner.certificate });
    const body = writeTemp(dir, 'ours.der', packed.body);
    const decrypted = openssl(['cms', '-decrypt', '-binary', '-inform', 'DER', '-in', body, '-recip', partner.certPath, '-inkey', partner.keyPath]);
    const signedPath = writeTemp(dir, 'ours-signed.mime', decrypted);
    // Without -binary: in binary mode openssl 3.0 leaves the CR of the CRLF before the boundary in the
    // content (it strips only the LF), so it would digest one byte more than was signed. In text mode it
    // reads lines as CRLF-canonical, which is what our entities already are.
    const content = openssl(['cms', '-verify', '-in', signedPath, '-CAfile', us.certPath]);
    expect(content.toString()).toBe(`Content-Type: application/edi-x12\r\nContent-Transfer-Encoding: binary\r\nContent-Disposition: attachment; filename="out.edi"\r\n\r\n${EDI}`);
    // The MIC we expect back in the MDN is the digest of exactly what openssl verified.
    expect(packed.mic.value).toBe(openssl(['dgst', `-${signing}`, '-binary'], content).toString('base64'));
  });

  it('openssl verifies the signature of our signed MDN', () => {
    const mdn = buildMdn({ originalMessageId: '<abc@partner>', finalRecipient: 'TRADEWIREDIST', mic: { value: 'AAAA', algorithm: 'sha256' }, sign: { identity: us.identity, algorithm: 'sha256' } });
    const path = writeTemp(dir, 'mdn.msg', Buffer.concat([Buffer.from(`MIME-Version: 1.0\r\nContent-Type: ${mdn.contentType}\r\n\r\n`), mdn.body]));
    const report = openssl(['cms', '-verify', '-in', path, '-CAfile', us.certPath]).toString();
    expect(report).toContain('Original-Message-ID: <abc@partner>');
    expect(report).toContain('Disposition: automatic-action/MDN-sent-automatically; processed');
    expect(report).toContain('Received-Content-MIC: AAAA, sha-256');
  });
});

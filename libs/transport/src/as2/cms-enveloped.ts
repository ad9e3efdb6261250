import { CipherGCMTypes, constants, createCipheriv, createDecipheriv, privateDecrypt, publicEncrypt, randomBytes } from 'crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { cipherByOid, cipherInfo, digestByOid, EncryptionAlgorithm, KeyTransport, nodeDigest, OID, SigningAlgorithm } from './algorithms';
import { As2Error, failingAs } from './as2-error';
import { As2Certificate, As2Identity, issuerAndSerial, namesCertificate } from './certificates';
import { decodeContentInfo, encodeContentInfo } from './cms-signed';

// pkijs encodes and decodes the CMS structures; the cryptography is Node's, because WebCrypto (what
// pkijs encrypts with) has neither 3DES nor RSA PKCS#1 v1.5 key transport, and both are still what
// many AS2 partners (and `openssl cms -encrypt` by default) use. pkijs has no AuthEnvelopedData
// (RFC 5083, what AES-GCM travels in and what openssl writes), so that one is built with asn1js.

export interface EncryptOptions {
  readonly algorithm: EncryptionAlgorithm;
  readonly keyTransport: KeyTransport;
}

/** A CMS EnvelopedData (CBC ciphers) or AuthEnvelopedData (GCM) of `content` for `recipient`. DER ContentInfo. */
export function encryptContent(content: Buffer, recipient: As2Certificate, options: EncryptOptions): Buffer {
  const info = cipherInfo(options.algorithm);
  const key = options.algorithm === 'des-ede3-cbc' ? withDesParity(randomBytes(info.keyBytes)) : randomBytes(info.keyBytes);
  const iv = randomBytes(info.ivBytes);
  const recipientInfo = keyTransRecipient(key, recipient, options.keyTransport);
  const { encrypted, tag } = encipher(options.algorithm, key, iv, content);
  // RFC 5084 §3.2: GCMParameters { aes-nonce, aes-ICVlen }; we write the 16-byte tag openssl writes.
  const params = info.gcm ? new asn1js.Sequence({ value: [octets(iv), new asn1js.Integer({ value: 16 })] }) : octets(iv);
  const encryptedContentInfo = new pkijs.EncryptedContentInfo({
    contentType: OID.data,
    contentEncryptionAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: info.oid, algorithmParams: params }),
    encryptedContent: octets(encrypted),
  });
  if (tag === undefined) {
    const enveloped = new pkijs.EnvelopedData({ version: 0, recipientInfos: [recipientInfo], encryptedContentInfo });
    return encodeContentInfo(OID.envelopedData, enveloped.toSchema());
  }
  // RFC 5083 §2.1: AuthEnvelopedData ::= SEQUENCE { version (0), recipientInfos, authEncryptedContentInfo, mac }
  const authEnveloped = new asn1js.Sequence({
    value: [new asn1js.Integer({ value: 0 }), new asn1js.Set({ value: [recipientInfo.toSchema()] }), encryptedContentInfo.toSchema(), octets(tag)],
  });
  return encodeContentInfo(OID.authEnvelopedData, authEnveloped);
}

function encipher(algorithm: EncryptionAlgorithm, key: Buffer, iv: Buffer, content: Buffer): { encrypted: Buffer; tag?: Buffer } {
  const info = cipherInfo(algorithm);
  if (!info.gcm) {
    const cipher = createCipheriv(info.node, key, iv);
    return { encrypted: Buffer.concat([cipher.update(content), cipher.final()]) };
  }
  const cipher = createCipheriv(info.node as CipherGCMTypes, key, iv);
  const encrypted = Buffer.concat([cipher.update(content), cipher.final()]);
  return { encrypted, tag: cipher.getAuthTag() };
}

function keyTransRecipient(key: Buffer, recipient: As2Certificate, transport: KeyTransport): pkijs.RecipientInfo {
  const oaep = transport === 'rsa-oaep';
  const encryptedKey = publicEncrypt({ key: recipient.x509.publicKey, padding: oaep ? constants.RSA_PKCS1_OAEP_PADDING : constants.RSA_PKCS1_PADDING, oaepHash: 'sha1' }, key);
  // RFC 4055 §4.1: RSAES-OAEP-params with every field at its default (SHA-1, MGF1-SHA-1) is an empty SEQUENCE.
  const keyEncryptionAlgorithm = new pkijs.AlgorithmIdentifier({ algorithmId: oaep ? OID.rsaOaep : OID.rsaEncryption, algorithmParams: oaep ? new asn1js.Sequence() : new asn1js.Null() });
  return new pkijs.RecipientInfo({
    variant: 1,
    value: new pkijs.KeyTransRecipientInfo({ version: 0, rid: issuerAndSerial(recipient), keyEncryptionAlgorithm, encryptedKey: octets(encryptedKey) }),
  });
}

export interface Decrypted {
  readonly content: Buffer;
  readonly algorithm: EncryptionAlgorithm;
  readonly keyTransport: KeyTransport;
}

interface Envelope {
  readonly recipients: pkijs.RecipientInfo[];
  readonly content: pkijs.EncryptedContentInfo;
  /** AuthEnvelopedData's mac (the GCM tag). */
  readonly mac?: Buffer;
}

/**
 * Decrypts an EnvelopedData or AuthEnvelopedData addressed to one of `identities` (ours, and our
 * previous one during a rollover); any failure is decryption-failed (RFC 4130 §7.4.3).
 */
export function decryptContent(der: Buffer, identities: As2Identity | readonly As2Identity[]): Decrypted {
  const envelope = failingAs('decryption-failed', () => readEnvelope(der));
  const candidates = envelope.recipients.map((r) => r.value).filter((v): v is pkijs.KeyTransRecipientInfo => v instanceof pkijs.KeyTransRecipientInfo && v.rid instanceof pkijs.IssuerAndSerialNumber);
  const [match] = ([] as As2Identity[]).concat(identities).flatMap((identity) =>
    candidates.filter((v) => namesCertificate(v.rid as pkijs.IssuerAndSerialNumber, identity.certificate)).map((recipient) => ({ identity, recipient })));
  if (match === undefined) throw new As2Error('decryption-failed', 'the message is not encrypted for our certificate');
  const { identity, recipient } = match;
  const algorithm = cipherByOid(envelope.content.contentEncryptionAlgorithm.algorithmId);
  if (algorithm === undefined) throw new As2Error('decryption-failed', `unsupported content encryption ${envelope.content.contentEncryptionAlgorithm.algorithmId}`);
  return failingAs('decryption-failed', () => {
    const { key, keyTransport } = unwrapKey(recipient, identity, cipherInfo(algorithm).keyBytes);
    return { content: decipher(envelope, algorithm, key), algorithm, keyTransport };
  });
}

function readEnvelope(der: Buffer): Envelope {
  const info = decodeContentInfo(der);
  if (info.contentType === OID.envelopedData) {
    const enveloped = new pkijs.EnvelopedData({ schema: info.content });
    return { recipients: enveloped.recipientInfos, content: enveloped.encryptedContentInfo };
  }
  if (info.contentType !== OID.authEnvelopedData) throw new Error(`content type ${info.contentType} is not enveloped-data`);
  // RFC 5083 §2.1, read by hand: [0] originatorInfo and [1] authAttrs are optional; the mac is last.
  const fields = (info.content as asn1js.Sequence).valueBlock.value.filter((f) => f.idBlock.tagClass === 1);
  const [, recipientSet, contentInfo, mac] = fields;
  if (!(recipientSet instanceof asn1js.Set) || !(mac instanceof asn1js.OctetString)) throw new Error('malformed AuthEnvelopedData');
  return {
    recipients: recipientSet.valueBlock.value.map((schema) => new pkijs.RecipientInfo({ schema })),
    content: new pkijs.EncryptedContentInfo({ schema: contentInfo }),
    mac: Buffer.from(mac.valueBlock.valueHexView),
  };
}

function unwrapKey(recipient: pkijs.KeyTransRecipientInfo, identity: As2Identity, keyBytes: number): { key: Buffer; keyTransport: KeyTransport } {
  const encryptedKey = Buffer.from(recipient.encryptedKey.valueBlock.valueHexView);
  if (recipient.keyEncryptionAlgorithm.algorithmId === OID.rsaOaep) {
    const oaepHash = nodeDigest(oaepDigest(recipient.keyEncryptionAlgorithm.algorithmParams));
    return { key: privateDecrypt({ key: identity.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash }, encryptedKey), keyTransport: 'rsa-oaep' };
  }
  if (recipient.keyEncryptionAlgorithm.algorithmId !== OID.rsaEncryption) throw new Error(`unsupported key transport ${recipient.keyEncryptionAlgorithm.algorithmId}`);
  // Node 20 refuses PKCS#1 v1.5 private decryption (CVE-2023-46809, the Marvin attack). We decrypt raw and
  // remove the padding ourselves; a bad padding or key length yields a random key (RFC 3218 §2.3), so the
  // failure shows only later as a content decryption failure, the same as any wrong key.
  const block = privateDecrypt({ key: identity.privateKey, padding: constants.RSA_NO_PADDING }, encryptedKey);
  return { key: pkcs1v15Unpad(block, keyBytes) ?? randomBytes(keyBytes), keyTransport: 'rsa' };
}

function oaepDigest(params: unknown): SigningAlgorithm {
  if (!(params instanceof asn1js.Sequence) || params.valueBlock.value.length === 0) return 'sha1';
  const parsed = new pkijs.RSAESOAEPParams({ schema: params });
  const digest = digestByOid(parsed.hashAlgorithm.algorithmId);
  if (digest === undefined) throw new Error(`unsupported OAEP digest ${parsed.hashAlgorithm.algorithmId}`);
  return digest;
}

/** EM = 0x00 || 0x02 || PS (≥ 8 non-zero bytes) || 0x00 || M (RFC 8017 §7.2.2), checked without early exits. */
function pkcs1v15Unpad(block: Buffer, keyBytes: number): Buffer | undefined {
  const start = block.length - keyBytes;
  let bad = (block[0] ^ 0x00) | (block[1] ^ 0x02) | (block[start - 1] ^ 0x00);
  for (let i = 2; i < start - 1; i++) bad |= block[i] === 0 ? 1 : 0;
  bad |= start < 11 ? 1 : 0;
  return bad === 0 ? block.subarray(start) : undefined;
}

function decipher(envelope: Envelope, algorithm: EncryptionAlgorithm, key: Buffer): Buffer {
  const info = cipherInfo(algorithm);
  let data = Buffer.from(envelope.content.getEncryptedContent());
  const params = envelope.content.contentEncryptionAlgorithm.algorithmParams as asn1js.AsnType;
  if (!info.gcm) {
    const iv = Buffer.from((params as asn1js.OctetString).valueBlock.valueHexView);
    const d = createDecipheriv(info.node, key, iv);
    return Buffer.concat([d.update(data), d.final()]);
  }
  const [nonce, icvLength] = (params as asn1js.Sequence).valueBlock.value;
  const tagBytes = icvLength instanceof asn1js.Integer ? icvLength.valueBlock.valueDec : 12;
  let tag = envelope.mac;
  // Some senders (pkijs among them) put GCM in a plain EnvelopedData with the tag after the ciphertext.
  if (tag === undefined) [data, tag] = [data.subarray(0, data.length - tagBytes), data.subarray(data.length - tagBytes)];
  const d = createDecipheriv(info.node as CipherGCMTypes, key, Buffer.from((nonce as asn1js.OctetString).valueBlock.valueHexView), { authTagLength: tag.length });
  d.setAuthTag(tag);
  return Buffer.concat([d.update(data), d.final()]);
}

function octets(bytes: Buffer): asn1js.OctetString {
  return new asn1js.OctetString({ valueHex: new Uint8Array(bytes) });
}

/** DES keys carry odd parity in each byte's low bit (FIPS 46-3); some implementations check it. */
function withDesParity(key: Buffer): Buffer {
  for (let i = 0; i < key.length; i++) {
    let ones = 0;
    for (let b = 1; b < 8; b++) ones += (key[i] >> b) & 1;
    key[i] = (key[i] & 0xfe) | (ones % 2 === 0 ? 1 : 0);
  }
  return key;
}

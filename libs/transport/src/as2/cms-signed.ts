import { createHash, sign, verify } from 'crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { digestByOid, digestOid, nodeDigest, OID, SigningAlgorithm } from './algorithms';
import { As2Error } from './as2-error';
import { As2Certificate, As2Identity, issuerAndSerial, namesCertificate, toAsn1 } from './certificates';

// pkijs gives the CMS structures (encode/decode); the RSA signing itself is Node's crypto, so that
// signing and verifying are synchronous and do not depend on WebCrypto key import rules.

/** A detached CMS SignedData over `content` (RFC 5652 §5; RFC 5751 §3.5.3 for S/MIME). DER ContentInfo. */
export function signDetached(content: Buffer, identity: As2Identity, algorithm: SigningAlgorithm, signingTime = new Date()): Buffer {
  const digest = createHash(nodeDigest(algorithm)).update(content).digest();
  const signedAttrs = new pkijs.SignedAndUnsignedAttributes({
    type: 0,
    attributes: [
      new pkijs.Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: OID.data })] }),
      new pkijs.Attribute({ type: OID.signingTime, values: [new asn1js.UTCTime({ valueDate: signingTime })] }),
      new pkijs.Attribute({ type: OID.messageDigest, values: [new asn1js.OctetString({ valueHex: new Uint8Array(digest) })] }),
    ],
  });
  // RFC 5652 §5.4: the signature covers the attributes encoded as a SET OF (tag 0x31), not as [0] IMPLICIT.
  const toBeSigned = Buffer.from(signedAttrs.toSchema().toBER(false));
  toBeSigned[0] = 0x31;
  const signature = sign(nodeDigest(algorithm), toBeSigned, identity.privateKey);
  const digestAlgorithm = new pkijs.AlgorithmIdentifier({ algorithmId: digestOid(algorithm), algorithmParams: new asn1js.Null() });
  const signer = new pkijs.SignerInfo({
    version: 1,
    sid: issuerAndSerial(identity.certificate),
    digestAlgorithm,
    signedAttrs,
    signatureAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.rsaEncryption, algorithmParams: new asn1js.Null() }),
    signature: new asn1js.OctetString({ valueHex: new Uint8Array(signature) }),
  });
  const signedData = new pkijs.SignedData({
    version: 1,
    digestAlgorithms: [digestAlgorithm],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
    certificates: [identity.certificate.cms],
    signerInfos: [signer],
  });
  return encodeContentInfo(OID.signedData, signedData.toSchema(true));
}

export function encodeContentInfo(contentType: string, content: asn1js.AsnType): Buffer {
  return Buffer.from(new pkijs.ContentInfo({ contentType, content }).toSchema().toBER(false));
}

export function decodeContentInfo(der: Buffer): pkijs.ContentInfo {
  return new pkijs.ContentInfo({ schema: toAsn1(new Uint8Array(der)) });
}

export interface VerifiedSignature {
  readonly signer: As2Certificate;
  readonly algorithm: SigningAlgorithm;
}

/**
 * Checks a detached signature over `content` against the partner's certificates in force (and only
 * those: certificates carried in the message are not trusted). A signature no certificate of theirs
 * made is authentication-failed; a good signature over a digest the content no longer has is
 * integrity-check-failed (RFC 4130 §7.4.3).
 */
export function verifyDetached(signatureDer: Buffer, content: Buffer, trusted: readonly As2Certificate[]): VerifiedSignature {
  const signerInfo = readSignerInfo(signatureDer);
  const algorithm = digestByOid(signerInfo.digestAlgorithm.algorithmId);
  if (algorithm === undefined) throw new As2Error('authentication-failed', `unsupported digest ${signerInfo.digestAlgorithm.algorithmId}`);
  const named = trusted.filter((c) => signerInfo.sid instanceof pkijs.IssuerAndSerialNumber && namesCertificate(signerInfo.sid, c));
  const attrs = signerInfo.signedAttrs;
  const signedBytes = attrs === undefined ? content : Buffer.from(attrs.encodedValue);
  const signature = Buffer.from(signerInfo.signature.valueBlock.valueHexView);
  const signer = (named.length > 0 ? named : trusted).find((c) => verifiesWith(c, algorithm, signedBytes, signature));
  if (signer === undefined) {
    // Without signed attributes the signature covers the content itself: a known signer whose signature fails means changed content.
    if (attrs === undefined && named.length > 0) throw new As2Error('integrity-check-failed', 'the signature does not match the content');
    throw new As2Error('authentication-failed', 'no certificate of the partner in force made this signature');
  }
  if (attrs !== undefined) {
    const expected = messageDigestOf(attrs);
    const actual = createHash(nodeDigest(algorithm)).update(content).digest();
    if (expected === undefined || !expected.equals(actual)) throw new As2Error('integrity-check-failed', 'the content digest differs from the signed message-digest attribute');
  }
  return { signer, algorithm };
}

function readSignerInfo(signatureDer: Buffer): pkijs.SignerInfo {
  try {
    const info = decodeContentInfo(signatureDer);
    if (info.contentType !== OID.signedData) throw new Error(`content type ${info.contentType} is not signed-data`);
    const signedData = new pkijs.SignedData({ schema: info.content });
    const [signerInfo] = signedData.signerInfos;
    if (signerInfo === undefined) throw new Error('no signer');
    return signerInfo;
  } catch (error) {
    throw new As2Error('authentication-failed', `unreadable signature: ${(error as Error).message}`);
  }
}

function verifiesWith(certificate: As2Certificate, algorithm: SigningAlgorithm, data: Buffer, signature: Buffer): boolean {
  try {
    return verify(nodeDigest(algorithm), data, certificate.x509.publicKey, signature);
  } catch {
    return false;
  }
}

function messageDigestOf(attrs: pkijs.SignedAndUnsignedAttributes): Buffer | undefined {
  const attribute = attrs.attributes.find((a) => a.type === OID.messageDigest);
  const value = attribute?.values[0];
  return value instanceof asn1js.OctetString ? Buffer.from(value.valueBlock.valueHexView) : undefined;
}

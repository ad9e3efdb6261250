import { EncryptionAlgorithm, KeyTransport, SigningAlgorithm } from './algorithms';
import { As2Error, failingAs } from './as2-error';
import { As2Certificate, As2Identity } from './certificates';
import { compressContent, decompressContent } from './cms-compressed';
import { decryptContent, encryptContent } from './cms-enveloped';
import { decodeContentInfo } from './cms-signed';
import { OID } from './algorithms';
import { buildEntity, decodedBody, MimeEntity, parseContentType, parseEntity } from './mime';
import { computeMic, isSigned, Mic, signEntity, verifySignedEntity } from './smime';

/** What we send: the EDI bytes and how to label them. */
export interface As2Payload {
  readonly content: Buffer;
  /** Default application/edi-x12 (RFC 1767). */
  readonly contentType?: string;
  readonly fileName?: string;
}

export interface PackOptions {
  readonly signing: SigningAlgorithm | 'none';
  readonly encryption: EncryptionAlgorithm | 'none';
  readonly keyTransport?: KeyTransport;
  readonly compression: boolean;
  readonly ours: As2Identity;
  /** Needed when encrypting: the partner's certificate in force. */
  readonly partnerCertificate?: As2Certificate;
  /** The MIC algorithm of an unsigned message (RFC 4130 §7.3.1); default sha256. */
  readonly micAlgorithm?: SigningAlgorithm;
}

export interface PackedMessage {
  /** The HTTP Content-Type of the body. */
  readonly contentType: string;
  /** Every MIME header of the outermost entity (Content-Type included), to send as HTTP headers. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  /** What the partner's MDN must return (RFC 4130 §7.3.1). */
  readonly mic: Mic;
}

/**
 * Builds an AS2 message body: payload entity → compressed (before signing, RFC 5402 §3) → signed →
 * encrypted, each step as the profile asks.
 */
export function packMessage(payload: As2Payload, options: PackOptions): PackedMessage {
  const disposition = payload.fileName === undefined ? [] : [['Content-Disposition', `attachment; filename="${payload.fileName.replace(/["\\\r\n]/g, '_')}"`] as const];
  let entity = buildEntity([['Content-Type', payload.contentType ?? 'application/edi-x12'], ['Content-Transfer-Encoding', 'binary'], ...disposition], payload.content);
  let mic = computeMic(options.encryption === 'none' ? payload.content : entity, options.micAlgorithm ?? 'sha256');
  if (options.compression) {
    entity = buildEntity([['Content-Type', 'application/pkcs7-mime; smime-type=compressed-data; name=smime.p7z'], ['Content-Transfer-Encoding', 'binary']], compressContent(entity));
    if (options.encryption !== 'none') mic = computeMic(entity, mic.algorithm);
  }
  if (options.signing !== 'none') ({ entity, mic } = signEntity(entity, options.ours, options.signing));
  if (options.encryption === 'none') {
    const parsed = parseEntity(entity);
    const headers = Object.fromEntries([...parsed.headers].map(([name, value]) => [name.replace(/(^|-)[a-z]/g, (c) => c.toUpperCase()), value]));
    return { contentType: parsed.headers.get('content-type') ?? 'application/octet-stream', headers, body: parsed.body, mic };
  }
  if (options.partnerCertificate === undefined) throw new Error('encrypting needs the partner certificate in force');
  const body = encryptContent(entity, options.partnerCertificate, { algorithm: options.encryption, keyTransport: options.keyTransport ?? 'rsa' });
  // RFC 8551 §3.2.2: smime-type authEnveloped-data for AES-GCM (RFC 5083); enveloped-data otherwise.
  const smimeType = options.encryption.endsWith('gcm') ? 'authEnveloped-data' : 'enveloped-data';
  const contentType = `application/pkcs7-mime; smime-type=${smimeType}; name=smime.p7m`;
  return { contentType, headers: { 'Content-Type': contentType, 'Content-Disposition': 'attachment; filename="smime.p7m"' }, body, mic };
}

/** The MIME headers of the outermost entity, as HTTP carries them. */
export interface MessageHeaders {
  readonly contentType: string;
  readonly transferEncoding?: string;
  readonly disposition?: string;
}

export interface UnpackOptions {
  readonly ours: As2Identity;
  /** Our previous identity during our own certificate rollover: decrypts only. */
  readonly oursPrevious?: As2Identity;
  /** The partner's certificates in force now (any of them may have signed). */
  readonly partnerCertificates: readonly As2Certificate[];
  readonly requireSigned: boolean;
  readonly requireEncrypted: boolean;
  /** The MIC algorithm the partner asked for (signed-receipt-micalg), for unsigned messages; default sha1. */
  readonly micAlgorithm?: SigningAlgorithm;
  /** Largest decompressed content accepted (default 100 MiB). */
  readonly maxContentBytes?: number;
}

export interface UnpackedMessage {
  readonly payload: Buffer;
  readonly contentType: string;
  readonly fileName?: string;
  readonly signed: boolean;
  readonly encrypted: boolean;
  readonly compressed: boolean;
  readonly mic: Mic;
  readonly signer?: As2Certificate;
  readonly encryption?: EncryptionAlgorithm;
  readonly keyTransport?: KeyTransport;
}

interface Layers {
  encrypted: boolean;
  compressed: boolean;
  signed: boolean;
  mic?: Mic;
  signer?: As2Certificate;
  encryption?: EncryptionAlgorithm;
  keyTransport?: KeyTransport;
}

/**
 * Opens an AS2 message (HTTP Content-Type and body): decrypts, verifies, decompresses in whatever
 * order the sender layered them, and computes the MIC (RFC 4130 §7.3.1). Throws As2Error naming the
 * MDN disposition when it cannot.
 */
export function unpackMessage(headers: MessageHeaders, body: Buffer, options: UnpackOptions): UnpackedMessage {
  const top: Array<[string, string]> = [['Content-Type', headers.contentType]];
  if (headers.transferEncoding !== undefined) top.push(['Content-Transfer-Encoding', headers.transferEncoding]);
  if (headers.disposition !== undefined) top.push(['Content-Disposition', headers.disposition]);
  let entity = parseEntity(buildEntity(top, body));
  const layers: Layers = { encrypted: false, compressed: false, signed: false };
  for (let depth = 0; depth < 6; depth++) {
    const next = openLayer(entity, layers, options);
    if (next === undefined) break;
    entity = next;
  }
  if (options.requireEncrypted && !layers.encrypted) throw new As2Error('insufficient-message-security', 'the profile requires encryption');
  if (options.requireSigned && !layers.signed) throw new As2Error('insufficient-message-security', 'the profile requires a signature');
  const payload = decodedBody(entity);
  const { params, type } = parseContentType(entity.headers.get('content-type'));
  const fileName = parseContentType(entity.headers.get('content-disposition')).params.filename ?? params.name;
  const mic = layers.mic ?? computeMic(payload, options.micAlgorithm ?? 'sha1');
  return { payload, contentType: type, fileName, ...layers, mic };
}

/** One layer off, or undefined when `entity` is the payload. */
function openLayer(entity: MimeEntity, layers: Layers, options: UnpackOptions): MimeEntity | undefined {
  if (isSigned(entity)) {
    if (layers.signed) return undefined;
    const verified = verifySignedEntity(entity, options.partnerCertificates);
    Object.assign(layers, { signed: true, mic: verified.mic, signer: verified.signer });
    return verified.content;
  }
  const { type } = parseContentType(entity.headers.get('content-type'));
  if (type !== 'application/pkcs7-mime' && type !== 'application/x-pkcs7-mime') return undefined;
  const der = cmsBytes(entity);
  const contentType = failingAs('unexpected-processing-error', () => decodeContentInfo(der).contentType);
  if (contentType === OID.compressedData) {
    layers.compressed = true;
    return parseEntity(failingAs('unexpected-processing-error', () => decompressContent(der, options.maxContentBytes)));
  }
  if ((contentType !== OID.envelopedData && contentType !== OID.authEnvelopedData) || layers.encrypted) throw new As2Error('unexpected-processing-error', `unexpected CMS content ${contentType}`);
  const decrypted = decryptContent(der, options.oursPrevious === undefined ? [options.ours] : [options.ours, options.oursPrevious]);
  // RFC 4130 §7.3.1: an encrypted, unsigned message's MIC is over the decrypted MIME header and content.
  if (!layers.signed) layers.mic = computeMic(decrypted.content, options.micAlgorithm ?? 'sha1');
  Object.assign(layers, { encrypted: true, encryption: decrypted.algorithm, keyTransport: decrypted.keyTransport });
  return parseEntity(decrypted.content);
}

/** DER, whether sent binary (as AS2 does) or base64 (as S/MIME mail does, sometimes without saying so). */
function cmsBytes(entity: MimeEntity): Buffer {
  const body = decodedBody(entity);
  if (body[0] === 0x30 || entity.headers.has('content-transfer-encoding')) return body;
  return Buffer.from(body.toString('latin1').replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
}

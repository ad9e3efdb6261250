import { createHash } from 'crypto';
import { micalgName, nodeDigest, SigningAlgorithm } from './algorithms';
import { As2Error } from './as2-error';
import { As2Certificate, As2Identity } from './certificates';
import { signDetached, verifyDetached } from './cms-signed';
import { base64Lines, buildEntity, buildMultipart, decodedBody, MimeEntity, newBoundary, parseContentType, parseEntity, splitMultipart } from './mime';

/** A Received-Content-MIC (RFC 4130 §7.3.1): base64 digest and the algorithm that made it. */
export interface Mic {
  readonly value: string;
  readonly algorithm: SigningAlgorithm;
}

export function computeMic(bytes: Buffer, algorithm: SigningAlgorithm): Mic {
  return { value: createHash(nodeDigest(algorithm)).update(bytes).digest('base64'), algorithm };
}

/** `<base64>, sha-256`, as the MDN's Received-Content-MIC field writes it. */
export function formatMic(mic: Mic): string {
  return `${mic.value}, ${micalgName(mic.algorithm)}`;
}

/**
 * `entity` (its headers and body, exactly) signed as multipart/signed (RFC 5751 §3.5.3, RFC 1847).
 * Returns the new entity and the MIC over the signed part (RFC 4130 §7.3.1: what was signed).
 */
export function signEntity(entity: Buffer, identity: As2Identity, algorithm: SigningAlgorithm): { entity: Buffer; mic: Mic } {
  const boundary = newBoundary();
  const signature = buildEntity(
    [['Content-Type', 'application/pkcs7-signature; name=smime.p7s'], ['Content-Transfer-Encoding', 'base64'], ['Content-Disposition', 'attachment; filename=smime.p7s']],
    base64Lines(signDetached(entity, identity, algorithm)),
  );
  const contentType = `multipart/signed; protocol="application/pkcs7-signature"; micalg=${micalgName(algorithm)}; boundary="${boundary}"`;
  return { entity: buildEntity([['Content-Type', contentType]], buildMultipart(boundary, [entity, signature])), mic: computeMic(entity, algorithm) };
}

export function isSigned(entity: MimeEntity): boolean {
  return parseContentType(entity.headers.get('content-type')).type === 'multipart/signed';
}

/** The signed part of a multipart/signed entity, after checking its signature against `trusted`; the MIC is over that part. */
export function verifySignedEntity(entity: MimeEntity, trusted: readonly As2Certificate[]): { content: MimeEntity; mic: Mic; signer: As2Certificate } {
  const { params } = parseContentType(entity.headers.get('content-type'));
  const parts = params.boundary === undefined ? [] : splitMultipart(entity.body, params.boundary);
  if (parts.length < 2) throw new As2Error('authentication-failed', 'multipart/signed without a signed part and a signature');
  const [signed, signaturePart] = parts;
  const verified = verifyDetached(decodedBody(parseEntity(signaturePart)), signed, trusted);
  return { content: parseEntity(signed), mic: computeMic(signed, verified.algorithm), signer: verified.signer };
}

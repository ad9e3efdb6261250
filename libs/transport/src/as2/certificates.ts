import { createPrivateKey, KeyObject, X509Certificate } from 'crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

/** A certificate in the two shapes we need: Node's for keys and dates, pkijs's for issuer and serial in CMS. */
export interface As2Certificate {
  readonly der: Buffer;
  readonly x509: X509Certificate;
  readonly cms: pkijs.Certificate;
  readonly notBefore: Date;
  readonly notAfter: Date;
}

/** Our side: the key we sign and decrypt with, and its certificate (AS2_PRIVATE_KEY, AS2_CERTIFICATE). */
export interface As2Identity {
  readonly privateKey: KeyObject;
  readonly certificate: As2Certificate;
}

/**
 * A partner's certificate as its profile lists it: the profile may narrow the certificate's own
 * validity (notBefore/notAfter), which is how a rollover is scheduled.
 */
export interface PartnerCertificate {
  readonly certificate: As2Certificate;
  readonly notBefore?: Date;
  readonly notAfter?: Date;
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Every certificate in a PEM file (one or more), or the one in a DER file. */
export function readCertificates(bytes: Buffer): As2Certificate[] {
  const pems = bytes.toString('latin1').match(PEM_CERTIFICATE);
  const ders = pems === null ? [bytes] : pems.map((pem) => new X509Certificate(pem).raw);
  return ders.map(certificateFromDer);
}

export function certificateFromDer(der: Buffer): As2Certificate {
  const x509 = new X509Certificate(der);
  const cms = pkijs.Certificate.fromBER(new Uint8Array(x509.raw));
  return { der: x509.raw, x509, cms, notBefore: new Date(x509.validFrom), notAfter: new Date(x509.validTo) };
}

/** A private key in PEM (PKCS#8 or PKCS#1) or DER PKCS#8. */
export function readPrivateKey(bytes: Buffer): KeyObject {
  if (bytes.includes('-----BEGIN')) return createPrivateKey(bytes);
  return createPrivateKey({ key: bytes, format: 'der', type: 'pkcs8' });
}

export function readIdentity(privateKey: Buffer, certificate: Buffer): As2Identity {
  const [first] = readCertificates(certificate);
  if (first === undefined) throw new Error('no certificate found');
  const key = readPrivateKey(privateKey);
  if (!first.x509.checkPrivateKey(key)) throw new Error('the private key does not belong to the certificate');
  return { privateKey: key, certificate: first };
}

function start(c: PartnerCertificate): Date {
  return c.notBefore !== undefined && c.notBefore > c.certificate.notBefore ? c.notBefore : c.certificate.notBefore;
}

function end(c: PartnerCertificate): Date {
  return c.notAfter !== undefined && c.notAfter < c.certificate.notAfter ? c.notAfter : c.certificate.notAfter;
}

/** Valid at `now` by its own dates and by the profile's. */
export function isInForce(c: PartnerCertificate, now: Date): boolean {
  return start(c) <= now && now <= end(c);
}

/** Every certificate valid now: any of them is accepted on a signature we receive (a rollover overlaps). */
export function acceptableCertificates(list: readonly PartnerCertificate[], now: Date): As2Certificate[] {
  return list.filter((c) => isInForce(c, now)).map((c) => c.certificate);
}

/** The certificate to encrypt to: of those valid now, the one that came into force last (the newest of a rollover). */
export function certificateInForce(list: readonly PartnerCertificate[], now: Date): As2Certificate | undefined {
  const valid = list.filter((c) => isInForce(c, now));
  // Latest start first; on a tie, the one that lasts longer (the new certificate of a rollover).
  valid.sort((a, b) => start(b).getTime() - start(a).getTime() || end(b).getTime() - end(a).getTime());
  return valid[0]?.certificate;
}

export interface ExpiringCertificate {
  readonly subject: string;
  readonly serialNumber: string;
  readonly notAfter: Date;
  readonly daysLeft: number;
}

/** Certificates that stop being valid within `days` (or already have): what ops must renew. */
export function expiringCertificates(list: readonly PartnerCertificate[], now: Date, days: number): ExpiringCertificate[] {
  return list
    .filter((c) => end(c).getTime() - now.getTime() <= days * 86_400_000)
    .map((c) => ({ subject: c.certificate.x509.subject, serialNumber: c.certificate.x509.serialNumber, notAfter: end(c), daysLeft: Math.floor((end(c).getTime() - now.getTime()) / 86_400_000) }));
}

/** The CMS recipient / signer identifier of a certificate (RFC 5652 §10.2.4). */
export function issuerAndSerial(certificate: As2Certificate): pkijs.IssuerAndSerialNumber {
  return new pkijs.IssuerAndSerialNumber({ issuer: certificate.cms.issuer, serialNumber: certificate.cms.serialNumber });
}

/** Does this IssuerAndSerialNumber name this certificate? */
export function namesCertificate(id: pkijs.IssuerAndSerialNumber, certificate: As2Certificate): boolean {
  return id.issuer.isEqual(certificate.cms.issuer) && id.serialNumber.isEqual(certificate.cms.serialNumber);
}

export function toAsn1(der: ArrayBuffer | Uint8Array): asn1js.AsnType {
  const parsed = asn1js.fromBER(der);
  if (parsed.offset === -1) throw new Error(`not ASN.1: ${parsed.result.error}`);
  return parsed.result;
}

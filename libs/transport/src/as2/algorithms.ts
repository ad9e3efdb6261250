/**
 * The algorithms AS2 partners use, with their CMS object identifiers and the names each header spells
 * them with. One table per concern, so adding an algorithm is one line.
 */
export type SigningAlgorithm = 'sha1' | 'sha256' | 'sha384' | 'sha512';
export type EncryptionAlgorithm = 'aes128-cbc' | 'aes192-cbc' | 'aes256-cbc' | 'aes128-gcm' | 'aes256-gcm' | 'des-ede3-cbc';
/** RSA key transport of the content-encryption key: PKCS#1 v1.5 (RFC 5652 §6.2.1) or RSA-OAEP (RFC 3560). */
export type KeyTransport = 'rsa' | 'rsa-oaep';

export const SIGNING_ALGORITHMS: readonly SigningAlgorithm[] = ['sha1', 'sha256', 'sha384', 'sha512'];
export const ENCRYPTION_ALGORITHMS: readonly EncryptionAlgorithm[] = ['aes128-cbc', 'aes192-cbc', 'aes256-cbc', 'aes128-gcm', 'aes256-gcm', 'des-ede3-cbc'];

export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  envelopedData: '1.2.840.113549.1.7.3',
  /** RFC 5083 */
  authEnvelopedData: '1.2.840.113549.1.9.16.1.23',
  /** RFC 3274 */
  compressedData: '1.2.840.113549.1.9.16.1.9',
  zlib: '1.2.840.113549.1.9.16.3.8',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  rsaEncryption: '1.2.840.113549.1.1.1',
  rsaOaep: '1.2.840.113549.1.1.7',
  mgf1: '1.2.840.113549.1.1.8',
} as const;

/** Digest OIDs (RFC 5754, RFC 3370) and RSA-with-digest signature OIDs some senders use instead of rsaEncryption. */
const DIGESTS: Record<SigningAlgorithm, { oid: string; rsaOid: string; node: string }> = {
  sha1: { oid: '1.3.14.3.2.26', rsaOid: '1.2.840.113549.1.1.5', node: 'sha1' },
  sha256: { oid: '2.16.840.1.101.3.4.2.1', rsaOid: '1.2.840.113549.1.1.11', node: 'sha256' },
  sha384: { oid: '2.16.840.1.101.3.4.2.2', rsaOid: '1.2.840.113549.1.1.12', node: 'sha384' },
  sha512: { oid: '2.16.840.1.101.3.4.2.3', rsaOid: '1.2.840.113549.1.1.13', node: 'sha512' },
};

export function digestOid(algorithm: SigningAlgorithm): string {
  return DIGESTS[algorithm].oid;
}

export function digestByOid(oid: string): SigningAlgorithm | undefined {
  return SIGNING_ALGORITHMS.find((a) => DIGESTS[a].oid === oid);
}

/** The digest an RSA signature algorithm OID implies (sha256WithRSAEncryption → sha256), or undefined for plain rsaEncryption. */
export function digestOfRsaSignatureOid(oid: string): SigningAlgorithm | undefined {
  return SIGNING_ALGORITHMS.find((a) => DIGESTS[a].rsaOid === oid);
}

/**
 * The micalg / signed-receipt-micalg name. RFC 5751 §3.4.3.2 spells them `sha-256`; RFC 4130 §7.3
 * examples and many AS2 products write `sha256` or `sha1`: we write the RFC 5751 names and read both.
 */
export function micalgName(algorithm: SigningAlgorithm): string {
  return algorithm === 'sha1' ? 'sha1' : `sha-${algorithm.slice(3)}`;
}

export function micalgFromName(name: string): SigningAlgorithm | undefined {
  const plain = name.trim().toLowerCase().replace('-', '');
  return SIGNING_ALGORITHMS.find((a) => a === plain);
}

interface CipherInfo {
  readonly oid: string;
  /** Node's cipher name. */
  readonly node: string;
  readonly keyBytes: number;
  /** Bytes of IV (CBC) or nonce (GCM, RFC 5084 §3.2 recommends 12). */
  readonly ivBytes: number;
  readonly gcm: boolean;
}

/** RFC 3565 (AES-CBC), RFC 5084 (AES-GCM), RFC 3370 §5.1 (3DES). */
const CIPHERS: Record<EncryptionAlgorithm, CipherInfo> = {
  'aes128-cbc': { oid: '2.16.840.1.101.3.4.1.2', node: 'aes-128-cbc', keyBytes: 16, ivBytes: 16, gcm: false },
  'aes192-cbc': { oid: '2.16.840.1.101.3.4.1.22', node: 'aes-192-cbc', keyBytes: 24, ivBytes: 16, gcm: false },
  'aes256-cbc': { oid: '2.16.840.1.101.3.4.1.42', node: 'aes-256-cbc', keyBytes: 32, ivBytes: 16, gcm: false },
  'aes128-gcm': { oid: '2.16.840.1.101.3.4.1.6', node: 'aes-128-gcm', keyBytes: 16, ivBytes: 12, gcm: true },
  'aes256-gcm': { oid: '2.16.840.1.101.3.4.1.46', node: 'aes-256-gcm', keyBytes: 32, ivBytes: 12, gcm: true },
  'des-ede3-cbc': { oid: '1.2.840.113549.3.7', node: 'des-ede3-cbc', keyBytes: 24, ivBytes: 8, gcm: false },
};

export function cipherInfo(algorithm: EncryptionAlgorithm): CipherInfo {
  return CIPHERS[algorithm];
}

export function cipherByOid(oid: string): EncryptionAlgorithm | undefined {
  return ENCRYPTION_ALGORITHMS.find((a) => CIPHERS[a].oid === oid);
}

export function nodeDigest(algorithm: SigningAlgorithm): string {
  return DIGESTS[algorithm].node;
}

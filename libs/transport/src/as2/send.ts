import { randomUUID } from 'crypto';
import { EncryptionAlgorithm, KeyTransport, micalgName, SigningAlgorithm } from './algorithms';
import { As2Error } from './as2-error';
import { acceptableCertificates, As2Identity, certificateInForce, PartnerCertificate } from './certificates';
import { As2Payload, packMessage } from './as2-message';
import { As2Body, readMdn, ReadMdn } from './mdn';
import { Mic } from './smime';

/** A partner's AS2 settings (the profile's AS2 block, with its certificates read). */
export interface As2PartnerSettings {
  /** Our AS2 name towards this partner. */
  readonly as2From: string;
  /** Theirs. */
  readonly as2To: string;
  readonly url: string;
  readonly certificates: readonly PartnerCertificate[];
  readonly signing: SigningAlgorithm | 'none';
  readonly encryption: EncryptionAlgorithm | 'none';
  readonly keyTransport: KeyTransport;
  readonly compression: boolean;
  readonly mdn: 'sync' | 'async' | 'none';
  readonly signedMdn: boolean;
}

export interface As2OutboundMessage {
  readonly payload: As2Payload;
  /** Default: a new `<uuid@as2From>`. Give the same ID to resend the same message. */
  readonly messageId?: string;
  readonly subject?: string;
}

export interface SendOptions {
  readonly now?: Date;
  /** Our POST /as2/mdn address, for an asynchronous MDN (Receipt-Delivery-Option). */
  readonly asyncMdnUrl?: string;
  readonly timeoutMs?: number;
}

export interface As2SendResult {
  readonly messageId: string;
  /** Only on a positive MDN whose signature (when asked for) verified and whose MIC matched, or a 2xx when no MDN was asked for. */
  readonly delivered: boolean;
  /** Sent, and an asynchronous MDN is to come (match it with matchMdn). */
  readonly awaitingMdn: boolean;
  readonly micMatched: boolean;
  /** The MIC the partner's MDN must return. */
  readonly mic: Mic;
  readonly mdn?: ReadMdn;
  /** The MDN as received, for non-repudiation. */
  readonly mdnRaw?: As2Body;
  /** What was sent (headers and body), for non-repudiation. */
  readonly sent?: { readonly headers: Readonly<Record<string, string>>; readonly body: Buffer };
  readonly error?: string;
}

/**
 * Sends one AS2 message (RFC 4130 §6, §7): signs, compresses, encrypts as the partner's settings say,
 * POSTs it with the AS2 headers and, for a synchronous MDN, checks the receipt. Never throws for a
 * partner-side problem: the result says what happened, so a delivery framework can retry.
 */
export async function sendAs2(message: As2OutboundMessage, partner: As2PartnerSettings, ours: As2Identity, options: SendOptions = {}): Promise<As2SendResult> {
  const now = options.now ?? new Date();
  const messageId = message.messageId ?? `<${randomUUID()}@${partner.as2From.replace(/[^A-Za-z0-9.-]/g, '_')}>`;
  const partnerCertificate = certificateInForce(partner.certificates, now);
  const micAlgorithm = micAlgorithmOf(partner);
  if (partner.encryption !== 'none' && partnerCertificate === undefined) return failed(messageId, { value: '', algorithm: micAlgorithm }, `no certificate of ${partner.as2To} is in force`);
  const packed = packMessage(message.payload, { ...partner, ours, partnerCertificate, micAlgorithm });
  if (partner.mdn === 'async' && options.asyncMdnUrl === undefined) return failed(messageId, packed.mic, 'an asynchronous MDN needs AS2_ASYNC_MDN_URL');
  const headers = { ...as2Headers(message, partner, messageId, options.asyncMdnUrl, now), ...packed.headers };
  const sent = { headers, body: packed.body };
  let response: Response;
  try {
    response = await fetch(partner.url, { method: 'POST', headers, body: new Uint8Array(packed.body), signal: AbortSignal.timeout(options.timeoutMs ?? 120_000) });
  } catch (error) {
    return { ...failed(messageId, packed.mic, `POST ${partner.url}: ${(error as Error).message}`), sent };
  }
  const body = Buffer.from(await response.arrayBuffer());
  if (!response.ok) return { ...failed(messageId, packed.mic, `POST ${partner.url}: HTTP ${response.status}`), sent };
  if (partner.mdn !== 'sync') return { messageId, delivered: partner.mdn === 'none', awaitingMdn: partner.mdn === 'async', micMatched: false, mic: packed.mic, sent };
  const mdnRaw = { contentType: response.headers.get('content-type') ?? '', body };
  return { ...matchMdn(mdnRaw, { messageId, mic: packed.mic }, partner, now), sent };
}

/**
 * The MIC algorithm: a signed message's MIC uses the signature's digest (RFC 4130 §7.3.1); an unsigned
 * one's the signed-receipt-micalg we ask for, which needs a signed receipt to be asked, else the
 * receiver's default, SHA-1.
 */
function micAlgorithmOf(partner: Pick<As2PartnerSettings, 'signing' | 'signedMdn'>): SigningAlgorithm {
  return partner.signing !== 'none' ? partner.signing : partner.signedMdn ? 'sha256' : 'sha1';
}

function failed(messageId: string, mic: Mic, error: string): As2SendResult {
  return { messageId, delivered: false, awaitingMdn: false, micMatched: false, mic, error };
}

/** RFC 4130 §6.1-§6.3 and §7.3: who, which message, and what receipt we want, and where. */
function as2Headers(message: As2OutboundMessage, partner: As2PartnerSettings, messageId: string, asyncMdnUrl: string | undefined, now: Date): Record<string, string> {
  const headers: Record<string, string> = {
    'AS2-Version': '1.2',
    'AS2-From': quoteAs2Name(partner.as2From),
    'AS2-To': quoteAs2Name(partner.as2To),
    'Message-ID': messageId,
    Date: now.toUTCString(),
    Subject: message.subject ?? 'EDI',
    'MIME-Version': '1.0',
  };
  if (partner.mdn === 'none') return headers;
  headers['Disposition-Notification-To'] = asyncMdnUrl ?? partner.as2From;
  const micalg = micalgName(micAlgorithmOf(partner));
  if (partner.signedMdn) headers['Disposition-Notification-Options'] = `signed-receipt-protocol=optional, pkcs7-signature; signed-receipt-micalg=optional, ${micalg}`;
  if (partner.mdn === 'async' && asyncMdnUrl !== undefined) headers['Receipt-Delivery-Option'] = asyncMdnUrl;
  return headers;
}

/** RFC 4130 §6.2: an AS2 name with spaces or specials travels as a quoted string. */
export function quoteAs2Name(name: string): string {
  return /^[!#-'*+\-.0-9A-Z^-~]+$/.test(name) ? name : `"${name.replace(/(["\\])/g, '\\$1')}"`;
}

export function unquoteAs2Name(value: string): string {
  const trimmed = value.trim();
  return trimmed.startsWith('"') && trimmed.endsWith('"') && trimmed.length >= 2 ? trimmed.slice(1, -1).replace(/\\(.)/g, '$1') : trimmed;
}

/**
 * Checks a received MDN (sync response or async POST) against the message it answers: signed by the
 * partner when we asked for that, for this Message-ID, processed, with the MIC we computed.
 */
export function matchMdn(mdnRaw: As2Body, expected: { messageId: string; mic: Mic }, partner: Pick<As2PartnerSettings, 'certificates' | 'signedMdn'>, now = new Date()): As2SendResult {
  const base = { messageId: expected.messageId, awaitingMdn: false, mic: expected.mic, mdnRaw };
  let mdn: ReadMdn;
  try {
    mdn = readMdn(mdnRaw, acceptableCertificates(partner.certificates, now));
  } catch (error) {
    return { ...base, delivered: false, micMatched: false, error: `the MDN was refused: ${error instanceof As2Error ? error.message : (error as Error).message}` };
  }
  const micMatched = mdn.mic !== undefined && mdn.mic.value === expected.mic.value && mdn.mic.algorithm === expected.mic.algorithm;
  const problem =
    partner.signedMdn && !mdn.signed ? 'the MDN is not signed'
    : mdn.originalMessageId !== undefined && mdn.originalMessageId !== expected.messageId ? `the MDN answers ${mdn.originalMessageId}`
    : !mdn.processed ? `the partner did not process the message: ${mdn.disposition}`
    : !micMatched ? `the MDN's MIC (${mdn.mic?.value ?? 'none'}) is not ours (${expected.mic.value})`
    : undefined;
  return { ...base, mdn, micMatched, delivered: problem === undefined, ...(problem === undefined ? {} : { error: problem }) };
}

import { micalgFromName, SigningAlgorithm, unquoteAs2Name } from '@tradewire/transport';

export type RequestHeaders = Readonly<Record<string, string | string[] | undefined>>;

/** What an inbound AS2 request says about itself and the receipt it wants (RFC 4130 §6, §7.3). */
export interface As2Request {
  readonly as2From: string;
  readonly as2To: string;
  readonly messageId: string;
  readonly contentType: string;
  readonly transferEncoding?: string;
  readonly disposition?: string;
  /** Disposition-Notification-To present: an MDN is wanted (RFC 4130 §7.3). */
  readonly mdnWanted: boolean;
  /** signed-receipt-protocol includes pkcs7-signature. */
  readonly signedMdn: boolean;
  /** The first signed-receipt-micalg we support; the MIC and MDN signature use it. */
  readonly micAlgorithm?: SigningAlgorithm;
  /** Receipt-Delivery-Option: an asynchronous MDN to this URL. */
  readonly asyncMdnUrl?: string;
}

export function header(headers: RequestHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The request's AS2 fields, or what is missing. */
export function readAs2Request(headers: RequestHeaders): As2Request | string {
  const as2From = header(headers, 'as2-from');
  const as2To = header(headers, 'as2-to');
  const messageId = header(headers, 'message-id');
  const contentType = header(headers, 'content-type');
  if (!as2From || !as2To || !messageId || !contentType) return 'an AS2 message needs AS2-From, AS2-To, Message-ID and Content-Type headers';
  const options = parseNotificationOptions(header(headers, 'disposition-notification-options'));
  const receiptTo = header(headers, 'receipt-delivery-option')?.trim();
  return {
    as2From: unquoteAs2Name(as2From),
    as2To: unquoteAs2Name(as2To),
    messageId: messageId.trim(),
    contentType,
    transferEncoding: header(headers, 'content-transfer-encoding'),
    disposition: header(headers, 'content-disposition'),
    mdnWanted: header(headers, 'disposition-notification-to') !== undefined,
    ...options,
    ...(receiptTo && /^https?:\/\//i.test(receiptTo) ? { asyncMdnUrl: receiptTo } : {}),
  };
}

/**
 * `signed-receipt-protocol=optional, pkcs7-signature; signed-receipt-micalg=optional, sha-256, sha1`
 * (RFC 4130 §7.3): each parameter is an importance, then values in order of preference.
 */
export function parseNotificationOptions(value: string | undefined): { signedMdn: boolean; micAlgorithm?: SigningAlgorithm } {
  let signedMdn = false;
  let micAlgorithm: SigningAlgorithm | undefined;
  for (const parameter of (value ?? '').split(';')) {
    const eq = parameter.indexOf('=');
    if (eq < 0) continue;
    const name = parameter.slice(0, eq).trim().toLowerCase();
    const values = parameter.slice(eq + 1).split(',').slice(1).map((v) => v.trim().toLowerCase());
    if (name === 'signed-receipt-protocol') signedMdn = values.includes('pkcs7-signature');
    if (name === 'signed-receipt-micalg') micAlgorithm = values.map(micalgFromName).find((a) => a !== undefined);
  }
  return { signedMdn, ...(micAlgorithm === undefined ? {} : { micAlgorithm }) };
}

const KEPT = ['as2-version', 'as2-from', 'as2-to', 'message-id', 'date', 'subject', 'mime-version', 'content-type', 'content-transfer-encoding', 'content-disposition',
  'disposition-notification-to', 'disposition-notification-options', 'receipt-delivery-option', 'user-agent'];

/** The AS2 and MIME headers of the request, kept with the body for non-repudiation (nothing else: no credentials). */
export function wireHeaders(headers: RequestHeaders): Record<string, string> {
  return Object.fromEntries(KEPT.flatMap((name) => {
    const value = header(headers, name);
    return value === undefined ? [] : [[name, value]];
  }));
}

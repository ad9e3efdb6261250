import { micalgFromName, SigningAlgorithm } from './algorithms';
import { As2Failure, AS2_FAILURES, As2Error } from './as2-error';
import { As2Certificate, As2Identity } from './certificates';
import { buildEntity, buildMultipart, decodedBody, newBoundary, parseContentType, parseEntity, parseHeaders, splitMultipart } from './mime';
import { formatMic, isSigned, Mic, signEntity, verifySignedEntity } from './smime';

/** An AS2 body with the Content-Type it travels under (the HTTP response or the async POST). */
export interface As2Body {
  readonly contentType: string;
  readonly body: Buffer;
}

export interface MdnOptions {
  readonly originalMessageId: string;
  /** Our AS2 name: the original message's AS2-To, the MDN's Final-Recipient (RFC 4130 §7.4.3). */
  readonly finalRecipient: string;
  /** Absent: processed. Present: processed/error with this description (RFC 4130 §7.4.3). */
  readonly failure?: As2Failure;
  readonly mic?: Mic;
  /** Sign the MDN (the sender asked for a signed receipt, Disposition-Notification-Options). */
  readonly sign?: { readonly identity: As2Identity; readonly algorithm: SigningAlgorithm };
}

/** A message disposition notification (RFC 3798 §3, with the AS2 fields of RFC 4130 §7.4.3), signed when asked. */
export function buildMdn(options: MdnOptions): As2Body {
  const boundary = newBoundary();
  const disposition = `automatic-action/MDN-sent-automatically; processed${options.failure === undefined ? '' : `/error: ${options.failure}`}`;
  const fields = [
    'Reporting-UA: Tradewire AS2',
    `Original-Recipient: rfc822; ${options.finalRecipient}`,
    `Final-Recipient: rfc822; ${options.finalRecipient}`,
    `Original-Message-ID: ${options.originalMessageId}`,
    `Disposition: ${disposition}`,
    ...(options.mic === undefined ? [] : [`Received-Content-MIC: ${formatMic(options.mic)}`]),
  ];
  const human = options.failure === undefined ? 'The AS2 message was received and processed.' : `The AS2 message could not be processed: ${AS2_FAILURES[options.failure]}.`;
  const report = buildEntity([['Content-Type', `multipart/report; report-type=disposition-notification; boundary="${boundary}"`]], buildMultipart(boundary, [
    buildEntity([['Content-Type', 'text/plain; charset=us-ascii'], ['Content-Transfer-Encoding', '7bit']], Buffer.from(`${human}\r\n`)),
    buildEntity([['Content-Type', 'message/disposition-notification'], ['Content-Transfer-Encoding', '7bit']], Buffer.from(`${fields.join('\r\n')}\r\n`)),
  ]));
  const entity = parseEntity(options.sign === undefined ? report : signEntity(report, options.sign.identity, options.sign.algorithm).entity);
  return { contentType: entity.headers.get('content-type') ?? '', body: entity.body };
}

export interface ReadMdn {
  readonly signed: boolean;
  readonly signer?: As2Certificate;
  readonly originalMessageId?: string;
  /** The Disposition field as written. */
  readonly disposition: string;
  /** processed, without an error or failure modifier (a warning still counts as processed, RFC 4130 §7.4.3). */
  readonly processed: boolean;
  /** The error/failure description, e.g. authentication-failed. */
  readonly failure?: string;
  readonly mic?: Mic;
}

/**
 * Reads an MDN; a signed one is verified against the partner's certificates in force (a bad signature
 * throws As2Error). Whether an unsigned MDN is acceptable is the caller's decision.
 */
export function readMdn(mdn: As2Body, partnerCertificates: readonly As2Certificate[]): ReadMdn {
  let entity = parseEntity(buildEntity([['Content-Type', mdn.contentType]], mdn.body));
  let signer: As2Certificate | undefined;
  if (isSigned(entity)) ({ content: entity, signer } = verifySignedEntity(entity, partnerCertificates));
  const { type, params } = parseContentType(entity.headers.get('content-type'));
  if (type !== 'multipart/report' || params.boundary === undefined) throw new As2Error('unexpected-processing-error', `an MDN is multipart/report, not ${type}`);
  const part = splitMultipart(entity.body, params.boundary).map(parseEntity).find((p) => parseContentType(p.headers.get('content-type')).type === 'message/disposition-notification');
  if (part === undefined) throw new As2Error('unexpected-processing-error', 'the MDN has no message/disposition-notification part');
  const fields = parseHeaders(decodedBody(part).toString('latin1'));
  const disposition = fields.get('disposition') ?? '';
  const outcome = disposition.split(';').slice(1).join(';').trim();
  const modifier = /^processed\s*\/\s*(error|failure)\s*:\s*(.*)$/i.exec(outcome);
  return {
    signed: signer !== undefined,
    signer,
    originalMessageId: fields.get('original-message-id'),
    disposition,
    processed: /^processed\b/i.test(outcome) && modifier === null,
    failure: modifier?.[2].trim(),
    mic: readMic(fields.get('received-content-mic')),
  };
}

function readMic(field: string | undefined): Mic | undefined {
  if (field === undefined) return undefined;
  const comma = field.lastIndexOf(',');
  const algorithm = comma < 0 ? undefined : micalgFromName(field.slice(comma + 1));
  return algorithm === undefined ? undefined : { value: field.slice(0, comma).trim(), algorithm };
}

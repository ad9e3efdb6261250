import { As2Messages } from '@tradewire/persistence';
import { acceptableCertificates, As2Body, As2Identity, As2OutboundMessage, As2PartnerSettings, As2SendResult, matchMdn, micalgFromName, readMdn, sendAs2, SendOptions } from '../as2';

/**
 * Sends one message and records it with its outcome (as2_messages): delivered on a verified positive
 * MDN, awaiting-mdn with a due time for an asynchronous one, failed otherwise (the caller retries
 * under the same Message-ID, RFC 4130 §9.2).
 */
export async function deliverAs2(
  log: As2Messages,
  partnerId: string,
  message: As2OutboundMessage,
  partner: As2PartnerSettings & { readonly mdnWithinMinutes: number },
  ours: As2Identity,
  options: SendOptions = {},
): Promise<As2SendResult> {
  const result = await sendAs2(message, partner, ours, options);
  const now = options.now ?? new Date();
  const status = result.delivered ? 'delivered' : result.awaitingMdn ? 'awaiting-mdn' : 'failed';
  const mdnDueAt = result.awaitingMdn ? new Date(now.getTime() + partner.mdnWithinMinutes * 60_000) : undefined;
  const id = await log.recordOutbound(
    { partnerId, messageId: result.messageId, headers: result.sent?.headers ?? {}, body: result.sent?.body ?? Buffer.alloc(0), mic: result.mic },
    { status, failure: result.error, mdnDueAt },
  );
  if (result.mdnRaw !== undefined) await log.attachMdn(id, result.mdnRaw);
  return result;
}

export type AsyncMdnOutcome = { readonly matched: false; readonly reason: string } | { readonly matched: true; readonly messageId: string; readonly result: As2SendResult };

/** An asynchronous MDN from a partner (POST /as2/mdn), matched to the message it answers and recorded. */
export async function acceptAsyncMdn(log: As2Messages, partnerId: string, partner: Pick<As2PartnerSettings, 'certificates' | 'signedMdn'>, mdn: As2Body, now = new Date()): Promise<AsyncMdnOutcome> {
  let originalMessageId: string | undefined;
  try {
    originalMessageId = readMdn(mdn, acceptableCertificates(partner.certificates, now)).originalMessageId;
  } catch (error) {
    return { matched: false, reason: (error as Error).message };
  }
  const row = originalMessageId === undefined ? null : await log.findOutbound(partnerId, originalMessageId);
  const algorithm = row?.micAlgorithm == null ? undefined : micalgFromName(row.micAlgorithm);
  if (row === null || row.mic === null || algorithm === undefined) return { matched: false, reason: `no message ${originalMessageId ?? '(none named)'} was sent to ${partnerId}` };
  const result = matchMdn(mdn, { messageId: row.messageId, mic: { value: row.mic, algorithm } }, partner, now);
  await log.attachMdn(row.id, mdn);
  await log.resolveOutbound(row.id, result.delivered ? 'delivered' : 'failed', result.error ?? null);
  return { matched: true, messageId: row.messageId, result };
}

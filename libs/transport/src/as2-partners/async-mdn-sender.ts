import { AsyncMdns, AsyncMdnToSend } from '@tradewire/persistence';

/**
 * Sends the asynchronous MDNs we owe partners (RFC 4130 §7.2: the receipt is its own HTTP POST to the
 * partner's Receipt-Delivery-Option URL). The MDN, its URL and headers were stored when the message
 * was received, so an attempt posts exactly those bytes; success is any 2xx. Each attempt is recorded;
 * a failure is rethrown for the job to retry with backoff, and on the job's last attempt the MDN is
 * left `failed` with its last error, for ops to see and retry.
 */
export class AsyncMdnSender {
  constructor(private readonly mdns: AsyncMdns, private readonly timeoutMs = 60_000) {}

  /** One attempt. Nothing pending (sent already, refused, or its message given back): nothing to do. */
  async send(as2MessageId: string, final: boolean): Promise<'sent' | 'nothing-to-send'> {
    const mdn = await this.mdns.toSend(as2MessageId);
    if (mdn === null) return 'nothing-to-send';
    const error = await post(mdn, this.timeoutMs);
    if (error === null) {
      await this.mdns.attempted(as2MessageId, { sent: true });
      return 'sent';
    }
    await this.mdns.attempted(as2MessageId, { error, final });
    throw new Error(`async MDN to ${mdn.url}: ${error}`);
  }
}

/** Null on a 2xx; otherwise what went wrong, short enough for the record (never the MDN itself). */
async function post(mdn: AsyncMdnToSend, timeoutMs: number): Promise<string | null> {
  try {
    const response = await fetch(mdn.url, { method: 'POST', headers: { ...mdn.headers }, body: new Uint8Array(mdn.body), signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    return response.ok ? null : `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
  } catch (e) {
    // fetch says only "fetch failed"; the reason (refused, reset, DNS, TLS) is its cause.
    const error = e as Error & { cause?: { message?: string } };
    return error.cause?.message ? `${error.message}: ${error.cause.message}` : error.message;
  }
}

import { PartnerProfile } from '@tradewire/partners';
import { As2Messages } from '@tradewire/persistence';
import { As2Identity } from '../as2';
import { Deliverer, OutboundDocument } from '../delivery/deliverer';
import { deliverAs2 } from './as2-outbox';
import { as2SettingsOf } from './partner-settings';

/**
 * Delivers an outbound document by AS2 (RFC 4130): signed, encrypted and compressed as the partner's
 * profile says. The Message-ID is derived from the document, so every retry resends the same message
 * (§9.2: a receiver answers a repeated Message-ID with an MDN but does not process it twice). It
 * counts as delivered only on a positive MDN whose signature verified and whose MIC matched; with an
 * asynchronous MDN it waits for the receipt (`awaiting-receipt`), which `POST /as2/mdn` settles.
 */
export class As2Deliverer implements Deliverer {
  readonly transport = 'as2' as const;

  constructor(private readonly log: As2Messages, private readonly ours: As2Identity, private readonly asyncMdnUrl?: string) {}

  accepts(profile: PartnerProfile): boolean {
    return profile.transports?.as2 !== undefined;
  }

  destination(_document: OutboundDocument, profile: PartnerProfile): string {
    return profile.transports?.as2?.url ?? '';
  }

  async deliver(document: OutboundDocument, profile: PartnerProfile): Promise<'awaiting-receipt' | void> {
    const as2 = profile.transports?.as2;
    if (as2 === undefined) throw new Error(`${profile.id} has no AS2 transport`);
    const settings = await as2SettingsOf(as2);
    const message = { payload: { content: document.content, contentType: 'application/edi-x12' }, messageId: as2MessageId(document.id, as2.as2From) };
    const result = await deliverAs2(this.log, profile.id, message, settings, this.ours, this.asyncMdnUrl === undefined ? {} : { asyncMdnUrl: this.asyncMdnUrl });
    if (result.delivered) return;
    if (result.awaitingMdn) return 'awaiting-receipt';
    throw new Error(`AS2 to ${as2.url}: ${result.error ?? 'not delivered'}`);
  }
}

/** `<outbound-document-id@our-as2-name>` (RFC 5322 msg-id): the same for every attempt at one document. */
export function as2MessageId(outboundDocumentId: string, as2From: string): string {
  return `<${outboundDocumentId}@${as2From.replace(/[^A-Za-z0-9.-]/g, '-') || 'tradewire'}>`;
}

/** The outbound document a Message-ID we made names, or null for one we did not make. */
export function outboundDocumentOf(messageId: string): string | null {
  const match = /^<([0-9a-f-]{36})@[A-Za-z0-9.-]+>$/.exec(messageId);
  return match === null ? null : match[1];
}

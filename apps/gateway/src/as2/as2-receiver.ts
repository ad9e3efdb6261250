import { randomUUID } from 'crypto';
import { Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import { enqueue, QueueName } from '@tradewire/jobs';
import { PartnerProfile } from '@tradewire/partners';
import { As2Messages, As2MessageRecord, DocumentStore } from '@tradewire/persistence';
import {
  acceptableCertificates, acceptAsyncMdn, As2Body, As2Certificate, As2Error, As2Failure, As2Identity, as2SettingsOf, buildMdn, expiringPartnerCertificates, findAs2Partner, PartnerCertificateNotice, quoteAs2Name, unpackMessage, UnpackedMessage,
  DeliveryService, outboundDocumentOf,
} from '@tradewire/transport';
import { DataSource } from 'typeorm';
import { As2Request, readAs2Request, RequestHeaders, wireHeaders } from './as2-request';

export interface As2ReceiverDependencies {
  readonly dataSource: DataSource;
  readonly queues: Readonly<Record<QueueName, Queue>>;
  readonly profiles: { list(): readonly PartnerProfile[] };
  /** Our key and certificate; without them the AS2 endpoints answer 503. */
  readonly identity?: As2Identity;
  /** Our previous key and certificate during our own rollover: decrypts what partners still encrypt to it. */
  readonly previousIdentity?: As2Identity;
}

export interface As2Reply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

type Opened = { readonly message: UnpackedMessage; readonly failure?: undefined } | { readonly failure: As2Failure; readonly detail: string; readonly message?: undefined };

/**
 * Receives AS2 messages (RFC 4130): identifies the partner, opens the message as its profile
 * requires, stores the wire bytes and the MDN, hands the payload to the pipeline once per
 * Message-ID, and answers with the MDN (in the response, or POSTed to the partner's URL).
 */
export class As2Receiver {
  private readonly log: As2Messages;
  private readonly documents: DocumentStore;
  private readonly logger = new Logger('As2Receiver');
  /** Only to settle deliveries awaiting an asynchronous MDN: this process delivers nothing itself. */
  private readonly deliveries: DeliveryService;

  constructor(private readonly deps: As2ReceiverDependencies) {
    this.log = new As2Messages(deps.dataSource);
    this.documents = new DocumentStore(deps.dataSource);
    this.deliveries = new DeliveryService(deps.dataSource, { byId: (id) => deps.profiles.list().find((p) => p.id === id) }, []);
  }

  async receive(headers: RequestHeaders, body: Buffer): Promise<As2Reply> {
    const identity = this.deps.identity;
    if (identity === undefined) return text(503, 'AS2 is not configured here (AS2_PRIVATE_KEY, AS2_CERTIFICATE)');
    const request = readAs2Request(headers);
    if (typeof request === 'string') return text(400, request);
    const partner = findAs2Partner(this.deps.profiles.list(), request.as2From, request.as2To);
    // Without a profile there is no certificate to check a signature with: refused before any work.
    if (partner === undefined) return text(403, `no partner profile has AS2 names ${request.as2From} → ${request.as2To}`);
    const settings = await this.settingsOf(partner);
    if (settings === undefined) return text(503, `the certificates of ${partner.profile.id} cannot be read here; send again later`);
    const opened = this.open(request, body, identity, { ...settings, certificates: acceptableCertificates(settings.certificates, new Date()) });
    const record: As2MessageRecord = { partnerId: partner.profile.id, messageId: request.messageId, headers: wireHeaders(headers), body, mic: opened.message?.mic };
    const rowId = await this.record(record, opened);
    return request.mdnWanted ? this.answer(request, partner.as2.url, opened, rowId, identity) : text(200, '');
  }

  /** The MDN (RFC 4130 §7.4), kept with the message, in the response or POSTed to Receipt-Delivery-Option (§7.2). */
  private async answer(request: As2Request, partnerUrl: string, opened: Opened, rowId: string, identity: As2Identity): Promise<As2Reply> {
    const mdn = buildMdn({
      originalMessageId: request.messageId,
      finalRecipient: request.as2To,
      failure: opened.failure,
      mic: opened.message?.mic,
      ...(request.signedMdn ? { sign: { identity, algorithm: request.micAlgorithm ?? 'sha256' } } : {}),
    });
    await this.log.attachMdn(rowId, mdn);
    const mdnHeaders = replyHeaders(request, mdn);
    if (request.asyncMdnUrl === undefined) return { status: 200, headers: mdnHeaders, body: mdn.body };
    // The URL comes from the request: unless the message's signature proved the partner sent it, POST
    // only to the partner's own host, so a forged request cannot aim our MDN at any address.
    if (opened.message?.signed === true || sameHost(request.asyncMdnUrl, partnerUrl)) void this.postAsyncMdn(request.asyncMdnUrl, mdnHeaders, mdn.body);
    else this.logger.warn(`async MDN for ${request.messageId} not sent: ${request.asyncMdnUrl} is not on the partner's host and the message was not signed`);
    return text(200, '');
  }

  private open(request: As2Request, body: Buffer, identity: As2Identity, settings: { certificates: As2Certificate[]; signing: string; encryption: string }): Opened {
    try {
      const message = unpackMessage(request, body, {
        ours: identity,
        oursPrevious: this.deps.previousIdentity,
        partnerCertificates: settings.certificates,
        requireSigned: settings.signing !== 'none',
        requireEncrypted: settings.encryption !== 'none',
        micAlgorithm: request.micAlgorithm,
      });
      return { message };
    } catch (error) {
      if (error instanceof As2Error) return { failure: error.failure, detail: error.message };
      return { failure: 'unexpected-processing-error', detail: (error as Error).message };
    }
  }

  /** Refused: recorded. Duplicate: recorded, not processed. New: claimed, stored, queued; a failed store gives the claim back. */
  private async record(record: As2MessageRecord, opened: Opened): Promise<string> {
    if (opened.message === undefined) {
      this.logger.warn(`AS2 message ${record.messageId} from ${record.partnerId} refused: ${opened.detail}`);
      return this.log.recordInbound(record, 'refused', opened.failure);
    }
    const claim = await this.log.claimInbound(record);
    if (claim === null) return this.log.recordInbound(record, 'duplicate', null);
    try {
      const stored = await this.documents.receive({ bytes: opened.message.payload, transport: 'as2', partnerId: record.partnerId, remoteName: opened.message.fileName ?? record.messageId });
      await this.log.attachDocument(claim, stored.id);
      await enqueue(this.deps.queues, 'parse-document', { documentId: stored.id });
    } catch (error) {
      await this.log.releaseInbound(claim);
      throw error;
    }
    return claim;
  }

  /** RFC 4130 §7.2: the asynchronous MDN is its own HTTP POST; a few tries, then it is left to the partner's resend. */
  private async postAsyncMdn(url: string, headers: Record<string, string>, body: Buffer): Promise<void> {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const response = await fetch(url, { method: 'POST', headers, body: new Uint8Array(body), signal: AbortSignal.timeout(60_000) });
        if (response.ok) return;
        this.logger.warn(`async MDN to ${url}: HTTP ${response.status}`);
      } catch (error) {
        this.logger.warn(`async MDN to ${url}: ${(error as Error).message}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 1000 * 4 ** attempt));
    }
  }

  /** The partner's settings, or undefined (logged, naming the reference, never a value) when a certificate cannot be read: our problem, so 503 and the partner resends. */
  private async settingsOf(partner: { profile: PartnerProfile; as2: Parameters<typeof as2SettingsOf>[0] }): Promise<Awaited<ReturnType<typeof as2SettingsOf>> | undefined> {
    try {
      return await as2SettingsOf(partner.as2);
    } catch (error) {
      this.logger.error(`AS2 certificates of ${partner.profile.id}: ${(error as Error).message}`);
      return undefined;
    }
  }

  attention(now: Date): Promise<As2Attention> {
    return as2Attention(this.deps, now);
  }

  /** POST /as2/mdn: an asynchronous MDN for a message we sent. */
  async receiveMdn(headers: RequestHeaders, body: Buffer): Promise<As2Reply> {
    const request = readAs2Request(headers);
    if (typeof request === 'string') return text(400, request);
    const partner = findAs2Partner(this.deps.profiles.list(), request.as2From, request.as2To);
    if (partner === undefined) return text(403, `no partner profile has AS2 names ${request.as2From} → ${request.as2To}`);
    const settings = await this.settingsOf(partner);
    if (settings === undefined) return text(503, `the certificates of ${partner.profile.id} cannot be read here; send again later`);
    const outcome = await acceptAsyncMdn(this.log, partner.profile.id, settings, { contentType: request.contentType, body });
    if (!outcome.matched) return text(400, outcome.reason);
    // A delivery of ours that was waiting for this receipt is delivered (or failed) now.
    const outboundDocumentId = outboundDocumentOf(outcome.messageId);
    if (outboundDocumentId !== null) await this.deliveries.confirm(outboundDocumentId, 'as2', outcome.result.delivered, outcome.result.error ?? null);
    return text(200, outcome.result.delivered ? 'delivered' : `not delivered: ${outcome.result.error ?? ''}`);
  }
}

export interface As2Attention {
  /** Partner certificates that expire within 30 days, or have. */
  readonly expiringCertificates: PartnerCertificateNotice[];
  /** Partners whose certificates cannot be read (the reference is named, never a value). */
  readonly unreadableCertificates: Array<{ partnerId: string; reason: string }>;
  /** Messages we sent whose asynchronous MDN is overdue. */
  readonly overdueMdns: Array<{ partnerId: string; messageId: string; sentAt: Date; mdnDueAt: Date | null }>;
}

/** What ops must look at: certificates to renew, receipts that did not come. */
export async function as2Attention(deps: Pick<As2ReceiverDependencies, 'dataSource' | 'profiles'>, now: Date): Promise<As2Attention> {
  const overdue = await new As2Messages(deps.dataSource).overdueMdns(now);
  const certificates = await expiringPartnerCertificates(deps.profiles.list(), now, 30);
  return {
    expiringCertificates: certificates.expiring,
    unreadableCertificates: certificates.unreadable,
    overdueMdns: overdue.map((r) => ({ partnerId: r.partnerId, messageId: r.messageId, sentAt: r.createdAt, mdnDueAt: r.mdnDueAt })),
  };
}

function replyHeaders(request: As2Request, mdn: As2Body): Record<string, string> {
  return {
    'AS2-Version': '1.2',
    'AS2-From': quoteAs2Name(request.as2To),
    'AS2-To': quoteAs2Name(request.as2From),
    'Message-ID': `<${randomUUID()}@${request.as2To.replace(/[^A-Za-z0-9.-]/g, '_')}>`,
    'MIME-Version': '1.0',
    'Content-Type': mdn.contentType,
  };
}

function sameHost(a: string, b: string): boolean {
  try {
    return new URL(a).host === new URL(b).host;
  } catch {
    return false;
  }
}

function text(status: number, message: string): As2Reply {
  return { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: Buffer.from(message) };
}

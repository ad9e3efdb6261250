import { randomUUID } from 'crypto';
import { Logger } from '@nestjs/common';
import { JobsOptions, Queue } from 'bullmq';
import { enqueue, QueueName } from '@tradewire/jobs';
import { PartnerProfile } from '@tradewire/partners';
import { As2Messages, As2MessageRecord, AsyncMdnRecord, AsyncMdns, AuditLog, DocumentStore, InboundMdn } from '@tradewire/persistence';
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
  /** The `send-mdn` job's retries, when not the default (jobs.ts): tests make them short. */
  readonly asyncMdnRetries?: Pick<JobsOptions, 'attempts' | 'backoff'>;
}

export interface As2Reply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

/** The MDN we answer with: stored with the message, and the headers it goes with. */
type Answer = { readonly stored: InboundMdn; readonly headers: Record<string, string> };

type Opened = { readonly message: UnpackedMessage; readonly failure?: undefined } | { readonly failure: As2Failure; readonly detail: string; readonly message?: undefined };

/**
 * Receives AS2 messages (RFC 4130): identifies the partner, opens the message as its profile
 * requires, stores the wire bytes and the MDN, hands the payload to the pipeline once per
 * Message-ID, and answers with the MDN: in the response, or stored with the partner's URL and queued
 * for the transport workers to POST (`send-mdn`), the partner's 200 not waiting for it.
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
    const sender = await this.senderOf(headers);
    if ('status' in sender) return sender;
    const { request, partner, settings } = sender;
    const opened = this.open(request, body, identity, { ...settings, certificates: acceptableCertificates(settings.certificates, new Date()) });
    const record: As2MessageRecord = { partnerId: partner.profile.id, messageId: request.messageId, headers: wireHeaders(headers), body, mic: opened.message?.mic };
    const answer = request.mdnWanted ? this.answer(request, partner.as2.url, opened, identity) : undefined;
    const rowId = await this.record(record, opened, answer?.stored);
    if (answer === undefined) return text(200, '');
    if (answer.stored.async === undefined) return { status: 200, headers: answer.headers, body: answer.stored.body };
    if (answer.stored.async.refused === undefined) await this.queueMdn(rowId, request.messageId);
    return text(200, '');
  }

  /**
   * The MDN (RFC 4130 §7.4), for the response or for Receipt-Delivery-Option (§7.2): then stored with
   * where it goes, in the statement that records the message, and POSTed by a `send-mdn` job.
   */
  private answer(request: As2Request, partnerUrl: string, opened: Opened, identity: As2Identity): Answer {
    const mdn = buildMdn({
      originalMessageId: request.messageId,
      finalRecipient: request.as2To,
      failure: opened.failure,
      mic: opened.message?.mic,
      ...(request.signedMdn ? { sign: { identity, algorithm: request.micAlgorithm ?? 'sha256' } } : {}),
    });
    const headers = replyHeaders(request, mdn);
    const url = request.asyncMdnUrl;
    if (url === undefined) return { stored: { contentType: mdn.contentType, body: mdn.body }, headers };
    // The URL comes from the request: unless the message's signature proved the partner sent it, POST
    // only to the partner's own host, so a forged request cannot aim our MDN at any address.
    const allowed = opened.message?.signed === true || sameHost(url, partnerUrl);
    const refused = allowed ? undefined : `not sent: ${url} is not on the partner's host (${partnerUrl}) and the message was not signed`;
    if (refused !== undefined) this.logger.warn(`async MDN for ${request.messageId} ${refused}`);
    return { stored: { contentType: mdn.contentType, body: mdn.body, async: { url, headers, ...(refused === undefined ? {} : { refused }) } }, headers };
  }

  /**
   * Queues the stored MDN's job, now that its record committed. Should Redis not take it, the MDN is
   * still stored as pending: the partner gets its 200, and the next worker to start queues the job.
   */
  private async queueMdn(rowId: string, messageId: string): Promise<void> {
    try {
      await enqueue(this.deps.queues, 'send-mdn', { as2MessageId: rowId }, this.deps.asyncMdnRetries);
    } catch (error) {
      this.logger.error(`async MDN for ${messageId} stored but not queued (a worker queues it when it starts): ${(error as Error).message}`);
    }
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
  private async record(record: As2MessageRecord, opened: Opened, mdn: InboundMdn | undefined): Promise<string> {
    if (opened.message === undefined) {
      this.logger.warn(`AS2 message ${record.messageId} from ${record.partnerId} refused: ${opened.detail}`);
      return this.log.recordInbound(record, 'refused', opened.failure, mdn);
    }
    const claim = await this.log.claimInbound(record, mdn);
    if (claim === null) return this.log.recordInbound(record, 'duplicate', null, mdn);
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

  /** The partner's settings, or undefined (logged, naming the reference, never a value) when a certificate cannot be read: our problem, so 503 and the partner resends. */
  /**
   * Who sent a message or an MDN: its AS2 headers, the partner they name and that partner's AS2
   * settings, or the reply that refuses it. Without a profile there is no certificate to check a
   * signature with, so an unknown sender is refused before any work.
   */
  private async senderOf(headers: RequestHeaders): Promise<{ request: As2Request; partner: NonNullable<ReturnType<typeof findAs2Partner>>; settings: NonNullable<Awaited<ReturnType<As2Receiver['settingsOf']>>> } | As2Reply> {
    const request = readAs2Request(headers);
    if (typeof request === 'string') return text(400, request);
    const partner = findAs2Partner(this.deps.profiles.list(), request.as2From, request.as2To);
    if (partner === undefined) return text(403, `no partner profile has AS2 names ${request.as2From} → ${request.as2To}`);
    const settings = await this.settingsOf(partner);
    if (settings === undefined) return text(503, `the certificates of ${partner.profile.id} cannot be read here; send again later`);
    return { request, partner, settings };
  }

  private async settingsOf(partner: { profile: PartnerProfile; as2: Parameters<typeof as2SettingsOf>[0] }): Promise<Awaited<ReturnType<typeof as2SettingsOf>> | undefined> {
    try {
      return await as2SettingsOf(partner.as2);
    } catch (error) {
      this.logger.error(`AS2 certificates of ${partner.profile.id}: ${(error as Error).message}`);
      return undefined;
    }
  }

  attention(now: Date, partnerScope: string | null = null): Promise<As2Attention> {
    return as2Attention(this.deps, now, partnerScope);
  }

  /**
   * An operator's retry of an asynchronous MDN that failed after its job's retries: pending again (audited),
   * and a new job, whose ID carries the attempt count (the exhausted job is kept for the record).
   */
  async retryAsyncMdn(id: string, actor: string, partnerScope: string | null): Promise<{ found: false } | { found: true; retried: boolean; mdn: AsyncMdnRecord }> {
    const mdns = new AsyncMdns(this.deps.dataSource);
    const before = await mdns.get(id);
    if (before === null || (partnerScope !== null && before.partnerId !== partnerScope)) return { found: false };
    const reopened = await this.deps.dataSource.transaction(async (m) => {
      const r = await mdns.reopen(id, m);
      const change = { before: { status: before.status, attempts: before.attempts }, after: { status: 'pending' } };
      if (r !== null) await new AuditLog(this.deps.dataSource).record({ actor, action: 'async MDN retry', targetType: 'as2-message', targetId: id, ...change }, m);
      return r;
    });
    if (reopened === null) return { found: true, retried: false, mdn: before };
    await enqueue(this.deps.queues, 'send-mdn', { as2MessageId: id, attempt: reopened.attempts }, this.deps.asyncMdnRetries);
    return { found: true, retried: true, mdn: (await mdns.get(id)) as AsyncMdnRecord };
  }

  /** POST /as2/mdn: an asynchronous MDN for a message we sent. */
  async receiveMdn(headers: RequestHeaders, body: Buffer): Promise<As2Reply> {
    const sender = await this.senderOf(headers);
    if ('status' in sender) return sender;
    const { request, partner, settings } = sender;
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
  /** Asynchronous MDNs we owe that did not go: `failed` after the job's retries (ops may retry), or `refused` (URL not allowed). */
  readonly asyncMdns: AsyncMdnRecord[];
}

/** What ops must look at: certificates to renew, receipts that did not come, receipts of ours that did not go (of one partner, for a partner-scoped key). */
export async function as2Attention(deps: Pick<As2ReceiverDependencies, 'dataSource' | 'profiles'>, now: Date, partnerScope: string | null = null): Promise<As2Attention> {
  const overdue = await new As2Messages(deps.dataSource).overdueMdns(now);
  const asyncMdns = (await new AsyncMdns(deps.dataSource).needingAttention()).filter((m) => partnerScope === null || m.partnerId === partnerScope);
  const certificates = await expiringPartnerCertificates(deps.profiles.list(), now, 30);
  return {
    expiringCertificates: certificates.expiring,
    unreadableCertificates: certificates.unreadable,
    overdueMdns: overdue.map((r) => ({ partnerId: r.partnerId, messageId: r.messageId, sentAt: r.createdAt, mdnDueAt: r.mdnDueAt })),
    asyncMdns,
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

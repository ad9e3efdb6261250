import { randomUUID } from 'crypto';
import { DataSource } from 'typeorm';

export type As2Direction = 'inbound' | 'outbound';
export type As2MessageStatus = 'processed' | 'refused' | 'duplicate' | 'awaiting-mdn' | 'delivered' | 'failed';

export interface As2MessageRecord {
  readonly partnerId: string;
  readonly messageId: string;
  /** The AS2 and MIME headers as received or sent (no credentials travel in them). */
  readonly headers: Readonly<Record<string, string>>;
  /** The body exactly as on the wire (still encrypted, when it was). */
  readonly body: Buffer;
  readonly mic?: { readonly value: string; readonly algorithm: string };
}

/**
 * The MDN we answer an inbound message with, stored in the statement that records the message. With
 * `async`, the partner asked for it by Receipt-Delivery-Option (RFC 4130 §7.2): where it goes and the
 * headers to POST it with, `pending` for a job to send, or `refused` (with why) when we will not.
 */
export interface InboundMdn {
  readonly contentType: string;
  readonly body: Buffer;
  readonly async?: { readonly url: string; readonly headers: Readonly<Record<string, string>>; readonly refused?: string };
}

export interface As2MessageRow {
  readonly id: string;
  readonly partnerId: string;
  readonly direction: As2Direction;
  readonly messageId: string;
  readonly status: As2MessageStatus;
  readonly failure: string | null;
  readonly documentId: string | null;
  readonly mic: string | null;
  readonly micAlgorithm: string | null;
  readonly mdnContentType: string | null;
  readonly mdn: Buffer | null;
  readonly mdnDueAt: Date | null;
  readonly createdAt: Date;
}

const COLUMNS = `id, partner_id AS "partnerId", direction, message_id AS "messageId", status, failure, document_id AS "documentId", mic, mic_algorithm AS "micAlgorithm",
  mdn_content_type AS "mdnContentType", mdn, mdn_due_at AS "mdnDueAt", created_at AS "createdAt"`;

/** The AS2 message log: what was received and sent, with its MDN, for non-repudiation and MDN matching. */
export class As2Messages {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Claims an inbound Message-ID for processing. Null when this partner's message was processed
   * already: the unique index decides, so two concurrent deliveries cannot both win.
   */
  async claimInbound(record: As2MessageRecord, mdn?: InboundMdn): Promise<string | null> {
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `INSERT INTO as2_messages (id, partner_id, direction, message_id, status, failure, headers, body, mic, mic_algorithm, ${MDN_COLUMNS})
       VALUES ($1, $2, 'inbound', $3, 'processed', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
       ON CONFLICT (partner_id, message_id) WHERE direction = 'inbound' AND status = 'processed' DO NOTHING RETURNING id`,
      [randomUUID(), ...inboundValues(record, null), ...mdnValues(mdn)],
    );
    return rows[0]?.id ?? null;
  }

  /** Records an inbound message that was refused (with the MDN failure) or was a duplicate: kept, never processed. */
  async recordInbound(record: As2MessageRecord, status: 'refused' | 'duplicate', failure: string | null, mdn?: InboundMdn): Promise<string> {
    const id = randomUUID();
    await this.dataSource.query(
      `INSERT INTO as2_messages (id, partner_id, direction, message_id, status, failure, headers, body, mic, mic_algorithm, ${MDN_COLUMNS})
       VALUES ($1, $2, 'inbound', $3, $15, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
      [id, ...inboundValues(record, failure), ...mdnValues(mdn), status],
    );
    return id;
  }

  /** Gives back a claim whose payload could not be stored, so the partner's resend is processed. */
  async releaseInbound(id: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM as2_messages WHERE id = $1 AND direction = 'inbound' AND document_id IS NULL`, [id]);
  }

  async attachDocument(id: string, documentId: string): Promise<void> {
    await this.dataSource.query(`UPDATE as2_messages SET document_id = $2, updated_at = now() WHERE id = $1`, [id, documentId]);
  }

  /** The MDN sent (inbound) or received (outbound), kept as it was. */
  async attachMdn(id: string, mdn: { readonly contentType: string; readonly body: Buffer }): Promise<void> {
    await this.dataSource.query(`UPDATE as2_messages SET mdn_content_type = $2, mdn = $3, updated_at = now() WHERE id = $1`, [id, mdn.contentType, mdn.body]);
  }

  /** Records (or, for a resend under the same Message-ID, replaces) an outbound message and its outcome. */
  async recordOutbound(record: As2MessageRecord, outcome: { status: 'awaiting-mdn' | 'delivered' | 'failed'; failure?: string; mdnDueAt?: Date }): Promise<string> {
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `INSERT INTO as2_messages (id, partner_id, direction, message_id, status, failure, headers, body, mic, mic_algorithm, mdn_due_at)
       VALUES ($1, $2, 'outbound', $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (partner_id, message_id) WHERE direction = 'outbound'
       DO UPDATE SET status = EXCLUDED.status, failure = EXCLUDED.failure, headers = EXCLUDED.headers, body = EXCLUDED.body, mic = EXCLUDED.mic,
         mic_algorithm = EXCLUDED.mic_algorithm, mdn_due_at = EXCLUDED.mdn_due_at, updated_at = now()
       RETURNING id`,
      [randomUUID(), record.partnerId, record.messageId, outcome.status, outcome.failure ?? null, JSON.stringify(record.headers), record.body,
        record.mic?.value ?? null, record.mic?.algorithm ?? null, outcome.mdnDueAt ?? null],
    );
    return rows[0].id;
  }

  async findOutbound(partnerId: string, messageId: string): Promise<As2MessageRow | null> {
    const rows: As2MessageRow[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM as2_messages WHERE direction = 'outbound' AND partner_id = $1 AND message_id = $2`, [partnerId, messageId]);
    return rows[0] ?? null;
  }

  /** The outcome an asynchronous MDN brought. */
  async resolveOutbound(id: string, status: 'delivered' | 'failed', failure: string | null): Promise<void> {
    await this.dataSource.query(`UPDATE as2_messages SET status = $2, failure = $3, updated_at = now() WHERE id = $1`, [id, status, failure]);
  }

  /** Outbound messages whose asynchronous MDN is overdue: what ops must chase. */
  async overdueMdns(now: Date): Promise<As2MessageRow[]> {
    return this.dataSource.query(`SELECT ${COLUMNS} FROM as2_messages WHERE status = 'awaiting-mdn' AND mdn_due_at < $1 ORDER BY mdn_due_at`, [now]);
  }

  async list(partnerId: string, direction: As2Direction): Promise<As2MessageRow[]> {
    return this.dataSource.query(`SELECT ${COLUMNS} FROM as2_messages WHERE partner_id = $1 AND direction = $2 ORDER BY created_at, id`, [partnerId, direction]);
  }
}

const MDN_COLUMNS = 'mdn_content_type, mdn, async_mdn_url, async_mdn_headers, async_mdn_status, async_mdn_last_error';

function inboundValues(record: As2MessageRecord, failure: string | null): unknown[] {
  return [record.partnerId, record.messageId, failure, JSON.stringify(record.headers), record.body, record.mic?.value ?? null, record.mic?.algorithm ?? null];
}

function mdnValues(mdn: InboundMdn | undefined): unknown[] {
  const async = mdn?.async;
  return [
    mdn?.contentType ?? null, mdn?.body ?? null, async?.url ?? null, async === undefined ? null : JSON.stringify(async.headers),
    async === undefined ? null : async.refused === undefined ? 'pending' : 'refused', async?.refused ?? null,
  ];
}

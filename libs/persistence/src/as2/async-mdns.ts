import { DataSource, EntityManager } from 'typeorm';

export type AsyncMdnStatus = 'pending' | 'sent' | 'failed' | 'refused';

/** A stored asynchronous MDN ready to POST: the bytes and headers exactly as they were made at receipt. */
export interface AsyncMdnToSend {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

/** An asynchronous MDN of ours, as ops see it (no bytes). */
export interface AsyncMdnRecord {
  /** The inbound AS2 message's row id (`as2_messages.id`): the business key of its `send-mdn` job. */
  readonly id: string;
  readonly partnerId: string;
  /** The partner's Message-ID the MDN answers. */
  readonly messageId: string;
  readonly url: string;
  readonly status: AsyncMdnStatus;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly lastAttemptAt: Date | null;
  readonly sentAt: Date | null;
  readonly receivedAt: Date;
}

const RECORD = `id, partner_id AS "partnerId", message_id AS "messageId", async_mdn_url AS url, async_mdn_status AS status, async_mdn_attempts AS attempts,
  async_mdn_last_error AS "lastError", async_mdn_last_attempt_at AS "lastAttemptAt", async_mdn_sent_at AS "sentAt", created_at AS "receivedAt"`;

/**
 * A pending MDN may go out once its message is settled: a processed message only once its payload is
 * stored (a claim whose store failed is given back, and the partner must not have a positive MDN for it).
 */
const SENDABLE = `async_mdn_status = 'pending' AND (status <> 'processed' OR document_id IS NOT NULL)`;

/**
 * The asynchronous MDNs we send (RFC 4130 §7.2), kept on the inbound message they answer: what is
 * still to send, each attempt's outcome, and what ops must look at (failed after the job's retries, or
 * refused because of where the partner asked us to send it).
 */
export class AsyncMdns {
  constructor(private readonly dataSource: DataSource) {}

  /** The MDN to POST, or null when there is none pending (sent already, failed, refused, or its message given back). */
  async toSend(id: string): Promise<AsyncMdnToSend | null> {
    const rows: AsyncMdnToSend[] = await this.dataSource.query(`SELECT async_mdn_url AS url, async_mdn_headers AS headers, mdn AS body FROM as2_messages WHERE id = $1 AND ${SENDABLE}`, [id]);
    return rows[0] ?? null;
  }

  /** One attempt's outcome: sent, or its error (and `failed` when it was the job's last attempt). Only a pending MDN changes. */
  async attempted(id: string, outcome: { readonly sent: true } | { readonly error: string; readonly final: boolean }): Promise<void> {
    const status = 'sent' in outcome ? 'sent' : outcome.final ? 'failed' : 'pending';
    await this.dataSource.query(
      `UPDATE as2_messages SET async_mdn_status = $2, async_mdn_attempts = async_mdn_attempts + 1, async_mdn_last_attempt_at = now(),
         async_mdn_last_error = $3, async_mdn_sent_at = CASE WHEN $2 = 'sent' THEN now() ELSE async_mdn_sent_at END, updated_at = now()
       WHERE id = $1 AND async_mdn_status = 'pending'`,
      [id, status, 'sent' in outcome ? null : outcome.error],
    );
  }

  /** Pending MDNs that may go out: a worker that starts queues each (the job ID is the message's, so those with a job keep it). */
  async pending(): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.dataSource.query(`SELECT id FROM as2_messages WHERE ${SENDABLE} ORDER BY created_at`);
    return rows.map((r) => r.id);
  }

  /** Failed (retries ran out) and refused MDNs, oldest first: what ops must look at. */
  async needingAttention(): Promise<AsyncMdnRecord[]> {
    return this.dataSource.query(`SELECT ${RECORD} FROM as2_messages WHERE async_mdn_status IN ('failed', 'refused') ORDER BY created_at, id`);
  }

  async get(id: string): Promise<AsyncMdnRecord | null> {
    const rows: AsyncMdnRecord[] = await this.dataSource.query(`SELECT ${RECORD} FROM as2_messages WHERE id = $1 AND async_mdn_status IS NOT NULL`, [id]);
    return rows[0] ?? null;
  }

  /** An operator's retry of a failed MDN: pending again, with its attempt count (which makes the new job's ID). Null when it is not failed. */
  async reopen(id: string, manager?: EntityManager): Promise<{ attempts: number } | null> {
    const [rows] = (await (manager ?? this.dataSource.manager).query(
      `UPDATE as2_messages SET async_mdn_status = 'pending', updated_at = now() WHERE id = $1 AND async_mdn_status = 'failed' RETURNING async_mdn_attempts AS attempts`,
      [id],
    )) as [Array<{ attempts: number }>, number];
    return rows[0] === undefined ? null : { attempts: Number(rows[0].attempts) };
  }
}

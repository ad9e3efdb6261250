import { randomUUID } from 'crypto';
import { DataSource, EntityManager } from 'typeorm';
import { PartnerProfile } from '@tradewire/partners';
import { Deliverer, OutboundDocument, TransportName } from './deliverer';

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

/** A delivery record, as ops see it. */
export interface DeliveryRecord {
  readonly id: string;
  readonly outboundDocumentId: string;
  readonly partnerId: string;
  readonly kind: string;
  readonly transport: TransportName;
  readonly destination: string | null;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly lastAttemptAt: Date | null;
  readonly deliveredAt: Date | null;
  readonly createdAt: Date;
}

/** Nothing can deliver this document (no profile, no transport we have): retrying will not help. */
export class UndeliverableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UndeliverableError';
  }
}

/**
 * Runs deliveries and keeps their records (table `deliveries`): one row per outbound document and
 * transport, with where it went, how many attempts, the last error and when. Transports plug in as
 * Deliverers; the first one that accepts the partner's profile is used.
 */
export class DeliveryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly profiles: { byId(id: string): PartnerProfile | undefined },
    private readonly deliverers: readonly Deliverer[],
  ) {}

  /**
   * One attempt. A failure is recorded and rethrown (the job retries it); on the `final` attempt the
   * delivery and the document are marked failed, for ops to retry. Already delivered: nothing to do.
   */
  async deliver(outboundDocumentId: string, final: boolean): Promise<'delivered' | 'already-delivered' | 'awaiting-receipt'> {
    const document = await this.document(outboundDocumentId);
    if (document.status === 'delivered') return 'already-delivered';
    const profile = this.profiles.byId(document.partnerId);
    const deliverer = profile === undefined ? undefined : this.deliverers.find((d) => d.accepts(profile));
    if (profile === undefined || deliverer === undefined) {
      await this.dataSource.query(`UPDATE outbound_documents SET status = 'failed' WHERE id = $1`, [outboundDocumentId]);
      throw new UndeliverableError(`no transport to deliver ${outboundDocumentId} to partner ${document.partnerId}`);
    }
    const id = await this.begin(document, deliverer.transport, deliverer.destination(document, profile));
    let outcome: void | 'awaiting-receipt';
    try {
      outcome = await deliverer.deliver(document, profile);
    } catch (e) {
      await this.failedAttempt(id, outboundDocumentId, (e as Error).message, final);
      throw e;
    }
    if (outcome === 'awaiting-receipt') {
      await this.dataSource.query(`UPDATE deliveries SET last_error = 'sent; awaiting the partner''s receipt', updated_at = now() WHERE id = $1`, [id]);
      return 'awaiting-receipt';
    }
    await this.settle(id, outboundDocumentId, 'delivered', null);
    return 'delivered';
  }

  /** The partner's later receipt (an asynchronous MDN) settles a delivery that was awaiting it. False when none was. */
  async confirm(outboundDocumentId: string, transport: TransportName, delivered: boolean, error: string | null): Promise<boolean> {
    const [row] = (await this.dataSource.query(`SELECT id FROM deliveries WHERE outbound_document_id = $1 AND transport = $2 AND status = 'pending'`, [outboundDocumentId, transport])) as Array<{ id: string }>;
    if (row === undefined) return false;
    await this.settle(row.id, outboundDocumentId, delivered ? 'delivered' : 'failed', error);
    return true;
  }

  private async settle(id: string, outboundDocumentId: string, status: 'delivered' | 'failed', error: string | null): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await m.query(
        `UPDATE deliveries SET status = $2, last_error = $3, delivered_at = CASE WHEN $2 = 'delivered' THEN now() END, updated_at = now() WHERE id = $1`,
        [id, status, error],
      );
      await m.query(`UPDATE outbound_documents SET status = $2 WHERE id = $1`, [outboundDocumentId, status]);
    });
  }

  /** An operator's retry of a failed delivery: pending again. Returns the outbound document to queue. */
  async reopen(deliveryId: string, manager?: EntityManager): Promise<{ outboundDocumentId: string; attempts: number } | null> {
    const reopen = async (m: EntityManager) => {
      // TypeORM answers an UPDATE … RETURNING with [rows, affected count].
      const [[row]] = await m.query(`UPDATE deliveries SET status = 'pending', updated_at = now() WHERE id = $1 AND status = 'failed' RETURNING outbound_document_id, attempts`, [deliveryId]);
      if (row === undefined) return null;
      await m.query(`UPDATE outbound_documents SET status = 'pending' WHERE id = $1`, [row.outbound_document_id]);
      return { outboundDocumentId: row.outbound_document_id as string, attempts: Number(row.attempts) };
    };
    return manager === undefined ? this.dataSource.transaction(reopen) : reopen(manager);
  }

  async list(filter: { partnerId?: string; status?: DeliveryStatus; limit?: number } = {}): Promise<DeliveryRecord[]> {
    const rows = await this.dataSource.query(
      `SELECT d.*, o.partner_id, o.kind FROM deliveries d JOIN outbound_documents o ON o.id = d.outbound_document_id
       WHERE ($1::text IS NULL OR o.partner_id = $1) AND ($2::text IS NULL OR d.status = $2) ORDER BY d.created_at DESC, d.id LIMIT $3`,
      [filter.partnerId ?? null, filter.status ?? null, Math.min(filter.limit ?? 100, 1000)],
    );
    return rows.map(toRecord);
  }

  async get(deliveryId: string): Promise<DeliveryRecord | null> {
    const [row] = await this.dataSource.query(`SELECT d.*, o.partner_id, o.kind FROM deliveries d JOIN outbound_documents o ON o.id = d.outbound_document_id WHERE d.id = $1`, [deliveryId]);
    return row === undefined ? null : toRecord(row);
  }

  private async document(id: string): Promise<OutboundDocument & { status: string }> {
    const [row] = await this.dataSource.query(`SELECT id, partner_id, kind, content, status FROM outbound_documents WHERE id = $1`, [id]);
    if (row === undefined) throw new UndeliverableError(`no outbound document ${id}`);
    return { id: row.id, partnerId: row.partner_id, kind: row.kind, content: row.content, status: row.status };
  }

  /** The delivery's row (created on the first attempt), with one more attempt counted. */
  private async begin(document: OutboundDocument, transport: TransportName, destination: string): Promise<string> {
    const [row] = await this.dataSource.query(
      `INSERT INTO deliveries (id, outbound_document_id, transport, destination, attempts, last_attempt_at) VALUES ($1, $2, $3, $4, 1, now())
       ON CONFLICT (outbound_document_id, transport) DO UPDATE SET attempts = deliveries.attempts + 1, destination = $4, status = 'pending', last_attempt_at = now(), updated_at = now()
       RETURNING id`,
      [randomUUID(), document.id, transport, destination],
    );
    return row.id;
  }

  private async failedAttempt(id: string, outboundDocumentId: string, error: string, final: boolean): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await m.query(`UPDATE deliveries SET last_error = $2, status = $3, updated_at = now() WHERE id = $1`, [id, error.slice(0, 2000), final ? 'failed' : 'pending']);
      if (final) await m.query(`UPDATE outbound_documents SET status = 'failed' WHERE id = $1`, [outboundDocumentId]);
    });
  }
}

function toRecord(r: Record<string, unknown>): DeliveryRecord {
  return {
    id: r.id as string, outboundDocumentId: r.outbound_document_id as string, partnerId: r.partner_id as string, kind: r.kind as string,
    transport: r.transport as TransportName, destination: (r.destination as string | null) ?? null, status: r.status as DeliveryStatus,
    attempts: Number(r.attempts), lastError: (r.last_error as string | null) ?? null, lastAttemptAt: (r.last_attempt_at as Date | null) ?? null,
    deliveredAt: (r.delivered_at as Date | null) ?? null, createdAt: r.created_at as Date,
  };
}

import { Queue } from 'bullmq';
import { DataSource, EntityManager } from 'typeorm';
import { enqueue, QueueName } from '@tradewire/jobs';
import { AuditLog, DocumentStore } from '@tradewire/persistence';

export interface DocumentFilter {
  readonly partner?: string;
  readonly set?: string;
  readonly status?: string;
  readonly from?: string;
  readonly to?: string;
  /** ISA13, GS06 or ST02. */
  readonly control?: string;
  /** Text that appears in the raw bytes. */
  readonly text?: string;
  readonly limit?: number;
}

export interface DocumentSummary {
  readonly id: string;
  readonly partnerId: string | null;
  readonly status: string;
  readonly reason: string | null;
  readonly receivedAt: Date;
  readonly sets: string[];
  /** Each set's status, in the order of `sets`: a held or rejected set needs a look while the document is not failed. */
  readonly setStatuses: string[];
}

/** What an operator action did (or, on a dry run, would do). */
export interface ActionResult {
  readonly documentId: string;
  readonly action: 'retry' | 'replay' | 'ignore';
  readonly outcome: string;
  readonly newDocumentId?: string;
}

export class OperationRefused extends Error {}

/**
 * Operator actions on documents, each recorded in the audit log with who, what, before and after:
 * retry from the stage that failed, replay from the raw bytes with today's profile, ignore with a
 * reason, and bulk retry by filter (with a dry run). Nothing here can count stock twice: the ledger
 * applies each event key once, whatever is re-run.
 */
export class DocumentOperations {
  private readonly store: DocumentStore;
  private readonly audit: AuditLog;

  constructor(private readonly dataSource: DataSource, private readonly queues: Readonly<Record<QueueName, Queue>>) {
    this.store = new DocumentStore(dataSource);
    this.audit = new AuditLog(dataSource);
  }

  async search(filter: DocumentFilter, partnerScope: string | null): Promise<DocumentSummary[]> {
    const where: string[] = [];
    const args: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      args.push(value);
      where.push(sql.replace('?', `$${args.length}`));
    };
    if (partnerScope !== null) add('d.partner_id = ?', partnerScope);
    if (filter.partner) add('d.partner_id = ?', filter.partner);
    if (filter.status) add('d.status = ?', filter.status);
    if (filter.from) add('r.received_at >= ?', filter.from);
    if (filter.to) add('r.received_at < ?', filter.to);
    if (filter.set) add('EXISTS (SELECT 1 FROM transaction_sets t WHERE t.document_id = d.id AND t.set_id = ?)', filter.set);
    if (filter.control) {
      args.push(filter.control);
      const n = `$${args.length}`;
      where.push(`(EXISTS (SELECT 1 FROM interchanges i WHERE i.document_id = d.id AND i.control = ${n}) OR EXISTS (SELECT 1 FROM transaction_sets t WHERE t.document_id = d.id AND (t.control = ${n} OR t.group_control = ${n})))`);
    }
    if (filter.text) add(`position(convert_to(?, 'LATIN1') in r.content) > 0`, filter.text);
    const limit = Math.min(Math.max(filter.limit ?? 100, 1), 1000);
    const rows = await this.dataSource.query(
      `SELECT d.id, d.partner_id, d.status, d.reason, r.received_at,
              COALESCE((SELECT array_agg(t.set_id ORDER BY t.position) FROM transaction_sets t WHERE t.document_id = d.id), '{}') AS sets,
              COALESCE((SELECT array_agg(t.status ORDER BY t.position) FROM transaction_sets t WHERE t.document_id = d.id), '{}') AS set_statuses
       FROM documents d JOIN raw_documents r ON r.id = d.id
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY r.received_at DESC LIMIT ${limit}`,
      args,
    );
    return rows.map((r: { id: string; partner_id: string | null; status: string; reason: string | null; received_at: Date; sets: string[]; set_statuses: string[] }) => ({
      id: r.id, partnerId: r.partner_id, status: r.status, reason: r.reason, receivedAt: r.received_at, sets: r.sets, setStatuses: r.set_statuses,
    }));
  }

  /**
   * Runs a document again from where it stopped: a document that failed or was quarantined at intake is
   * parsed again (its earlier attempt's rows no longer count as received); otherwise its sets that are
   * not applied are translated and applied again. `dryRun` says what would happen and changes nothing.
   */
  async retry(documentId: string, actor: string, dryRun = false): Promise<ActionResult> {
    const doc = await this.store.get(documentId);
    if (doc === null) throw new OperationRefused(`no document ${documentId}`);
    const pending = await this.dataSource.query(`SELECT id FROM transaction_sets WHERE document_id = $1 AND status IN ('accepted', 'translated', 'held', 'failed')`, [documentId]);
    const fromIntake = doc.status === 'failed' || doc.status === 'quarantined';
    const outcome = fromIntake ? 'parse the document again' : pending.length > 0 ? `translate and apply ${pending.length} transaction set(s) again` : 'nothing to retry';
    if (dryRun || (!fromIntake && pending.length === 0)) return { documentId, action: 'retry', outcome };
    const attempt = Date.now();
    await this.dataSource.transaction(async (m) => {
      if (fromIntake) await this.resetIntake(m, documentId, `retry by ${actor}`);
      else await m.query(`UPDATE transaction_sets SET status = 'accepted', updated_at = now() WHERE id = ANY($1)`, [pending.map((p: { id: string }) => p.id)]);
      await this.audit.record({ actor, action: 'retry', targetType: 'document', targetId: documentId, before: { status: doc.status }, after: { outcome } }, m);
    });
    if (fromIntake) await enqueue(this.queues, 'parse-document', { documentId, attempt });
    else for (const { id } of pending) await enqueue(this.queues, 'translate-transaction-set', { transactionSetId: id, documentId, attempt });
    return { documentId, action: 'retry', outcome };
  }

  /** Retries every document the filter finds (at most 1,000); with `dryRun`, only says what it would do. */
  async bulkRetry(filter: DocumentFilter, actor: string, dryRun: boolean, partnerScope: string | null): Promise<ActionResult[]> {
    const found = await this.search({ ...filter, limit: filter.limit ?? 1000 }, partnerScope);
    const results: ActionResult[] = [];
    for (const d of found) results.push(await this.retry(d.id, actor, dryRun));
    return results;
  }

  /**
   * Parses the raw bytes again, as a new document, with today's profiles. The original is set aside
   * (ignored, its interchanges no longer count as received) so the duplicate check lets the replay in;
   * events already applied are not applied again (same idempotency keys).
   */
  async replay(documentId: string, actor: string): Promise<ActionResult> {
    const doc = await this.store.get(documentId);
    const bytes = await this.store.content(documentId);
    if (doc === null || bytes === null) throw new OperationRefused(`no document ${documentId}`);
    if (doc.status === 'ignored') throw new OperationRefused(`document ${documentId} is ignored; replay its replacement instead`);
    const replayed = await this.store.receive({ bytes, transport: 'api', ...(doc.partnerId ? { partnerId: doc.partnerId } : {}), remoteName: `replay of ${documentId}` });
    await this.dataSource.transaction(async (m) => {
      await m.query(`UPDATE interchanges SET status = 'rejected' WHERE document_id = $1 AND status = 'accepted'`, [documentId]);
      if (doc.status !== 'applied') await this.store.moveTo(documentId, 'ignored', `replayed as ${replayed.id}`, undefined, m);
      await this.audit.record({ actor, action: 'replay', targetType: 'document', targetId: documentId, before: { status: doc.status }, after: { replayedAs: replayed.id } }, m);
    });
    // The replay's events have the keys the original's had: an attempt number gives its jobs their own IDs.
    await enqueue(this.queues, 'parse-document', { documentId: replayed.id, attempt: Date.now() });
    return { documentId, action: 'replay', outcome: `replayed as ${replayed.id}`, newDocumentId: replayed.id };
  }

  async ignore(documentId: string, actor: string, reason: string): Promise<ActionResult> {
    const doc = await this.store.get(documentId);
    if (doc === null) throw new OperationRefused(`no document ${documentId}`);
    if (reason.trim() === '') throw new OperationRefused('a reason is required to ignore a document');
    await this.dataSource.transaction(async (m) => {
      await this.store.moveTo(documentId, 'ignored', reason, undefined, m);
      await this.audit.record({ actor, action: 'ignore', targetType: 'document', targetId: documentId, before: { status: doc.status }, after: { status: 'ignored', reason } }, m);
    });
    return { documentId, action: 'ignore', outcome: `ignored: ${reason}` };
  }

  /** Back to received: the earlier attempt's interchanges stop counting for the duplicate check, its unapplied sets go. */
  private async resetIntake(m: EntityManager, documentId: string, reason: string): Promise<void> {
    await m.query(`UPDATE interchanges SET status = 'rejected' WHERE document_id = $1 AND status = 'accepted'`, [documentId]);
    await m.query(`DELETE FROM transaction_sets t WHERE t.document_id = $1 AND NOT EXISTS (SELECT 1 FROM canonical_events e WHERE e.transaction_set_id = t.id)`, [documentId]);
    await this.store.moveTo(documentId, 'received', reason, [], m);
  }
}

import { createHash, randomUUID } from 'crypto';
import { DataSource, EntityManager } from 'typeorm';
import { DocumentEntity, DocumentStatusHistoryEntity, RawDocumentEntity } from './document.entities';
import { canMove, DocumentStatus } from './document-status';
import { prepared } from '../sql/prepared';

export interface ReceivedDocument {
  readonly bytes: Buffer;
  readonly transport: 'api' | 'sftp' | 'as2' | 'cli';
  readonly partnerId?: string;
  readonly remoteName?: string;
  readonly receivedAt?: Date;
}

export class DocumentStateError extends Error {
  constructor(readonly documentId: string, readonly from: string, readonly to: string) {
    super(`document ${documentId} cannot go from ${from} to ${to}`);
    this.name = 'DocumentStateError';
  }
}

/**
 * Raw documents and their status. `receive` stores every byte, with its sha256, and the document's
 * first status in one transaction, before anything reads it; status moves are checked and recorded.
 */
export class DocumentStore {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Give `manager` to make the receipt part of a larger transaction (the SFTP poller records which
   * remote file it was in the same one, so a file is never received twice).
   */
  async receive(doc: ReceivedDocument, manager?: EntityManager): Promise<{ id: string; sha256: string; size: number }> {
    const id = randomUUID();
    const sha256 = createHash('sha256').update(doc.bytes).digest('hex');
    const at = doc.receivedAt ?? new Date();
    // One statement (CTEs run as one, atomically): no transaction of its own, a third of the round trips.
    await prepared(
      manager ?? this.dataSource,
      `WITH raw AS (
         INSERT INTO raw_documents (id, partner_id, transport, remote_name, size, sha256, content, received_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ), doc AS (
         INSERT INTO documents (id, partner_id, status, reason, diagnostics, created_at, updated_at) VALUES ($1, $2, 'received', NULL, '[]'::jsonb, $8, $8)
       )
       INSERT INTO document_status_history (document_id, status, reason, at) VALUES ($1, 'received', NULL, $8)`,
      [id, doc.partnerId ?? null, doc.transport, doc.remoteName ?? null, doc.bytes.length, sha256, doc.bytes, at],
    );
    return { id, sha256, size: doc.bytes.length };
  }

  /** The bytes exactly as received. */
  async content(id: string): Promise<Buffer | null> {
    const [raw] = (await this.dataSource.query(`SELECT content FROM raw_documents WHERE id = $1`, [id])) as Array<{ content: Buffer }>;
    return raw?.content ?? null;
  }

  /** Documents already received with these bytes (a re-sent file, a re-polled one). */
  async findBySha256(sha256: string): Promise<string[]> {
    const rows = await this.dataSource.getRepository(RawDocumentEntity).find({ where: { sha256 }, select: { id: true }, order: { receivedAt: 'ASC' } });
    return rows.map((r) => r.id);
  }

  /**
   * Moves a document to a new status, with the reason and diagnostics; refuses a move the status model
   * does not allow. Give `manager` to make the move part of a larger transaction.
   */
  async moveTo(id: string, to: DocumentStatus, reason: string | null = null, diagnostics?: object[], manager?: EntityManager): Promise<void> {
    const move = async (m: EntityManager) => {
      const from = await this.lock(m, id);
      if (!canMove(from, to)) throw new DocumentStateError(id, from, to);
      await record(m, id, [{ status: to, reason }], diagnostics);
    };
    if (manager !== undefined) await move(manager);
    else await this.dataSource.transaction(move);
  }

  /**
   * Moves a document along several statuses at once (acknowledged → translated → applied), each move
   * checked and recorded in the history with its reason, inside the caller's transaction: the last
   * status, its reason and `diagnostics` (when given) on the document. Two statements however long the
   * path, one when the caller holds the row's lock already and says where it is (`from`). Returns
   * false, changing nothing, when a move is not allowed from where it is.
   */
  async moveAlong(m: EntityManager, id: string, path: ReadonlyArray<DocumentStatus | { status: DocumentStatus; reason?: string | null }>, options: { from?: DocumentStatus; diagnostics?: object[] } = {}): Promise<boolean> {
    const steps = path.map((p) => (typeof p === 'string' ? { status: p, reason: null } : { status: p.status, reason: p.reason ?? null }));
    let from = options.from ?? (await this.lock(m, id));
    for (const { status } of steps) {
      if (!canMove(from, status)) return false;
      from = status;
    }
    if (steps.length > 0) await record(m, id, steps, options.diagnostics);
    return true;
  }

  /** The document's status, its row locked for this transaction: two workers moving one document take turns. */
  async lock(m: EntityManager, id: string): Promise<DocumentStatus> {
    const [doc] = await prepared<{ status: DocumentStatus }>(m, `SELECT status FROM documents WHERE id = $1 FOR UPDATE`, [id]);
    if (doc === undefined) throw new DocumentStateError(id, '(none)', 'any');
    return doc.status;
  }

  async get(id: string): Promise<DocumentEntity | null> {
    const [row] = (await this.dataSource.query(`SELECT id, partner_id, status, reason, diagnostics, created_at, updated_at FROM documents WHERE id = $1`, [id])) as Array<{
      id: string; partner_id: string | null; status: string; reason: string | null; diagnostics: object[]; created_at: Date; updated_at: Date;
    }>;
    if (row === undefined) return null;
    return Object.assign(new DocumentEntity(), { id: row.id, partnerId: row.partner_id, status: row.status, reason: row.reason, diagnostics: row.diagnostics, createdAt: row.created_at, updatedAt: row.updated_at });
  }

  async history(id: string): Promise<Array<{ status: string; reason: string | null; at: Date }>> {
    const rows = await this.dataSource.getRepository(DocumentStatusHistoryEntity).find({ where: { documentId: id }, order: { id: 'ASC' } });
    return rows.map((r) => ({ status: r.status, reason: r.reason, at: r.at }));
  }

}

/**
 * The document's new status (the last step's) with its reason and, when given, diagnostics, and a
 * history row for each step: one statement. Raw SQL: these run for every document, and TypeORM's
 * query builder cost more CPU than the statement itself (bench/README.md).
 */
async function record(m: EntityManager, id: string, steps: ReadonlyArray<{ status: DocumentStatus; reason: string | null }>, diagnostics?: object[]): Promise<void> {
  const last = steps[steps.length - 1];
  await prepared(
    m,
    `WITH moved AS (
       UPDATE documents SET status = $2, reason = $3, updated_at = $4, diagnostics = COALESCE($5::jsonb, diagnostics) WHERE id = $1
     )
     INSERT INTO document_status_history (document_id, status, reason, at) SELECT $1, s.status, s.reason, $4 FROM unnest($6::text[], $7::text[]) WITH ORDINALITY AS s(status, reason, n) ORDER BY s.n`,
    [id, last.status, last.reason, new Date(), diagnostics === undefined ? null : JSON.stringify(diagnostics), steps.map((s) => s.status), steps.map((s) => s.reason)],
  );
}

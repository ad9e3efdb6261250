import { createHash, randomUUID } from 'crypto';
import { DataSource, EntityManager } from 'typeorm';
import { DocumentEntity, DocumentStatusHistoryEntity, RawDocumentEntity } from './document.entities';
import { canMove, DocumentStatus } from './document-status';

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
    const store = async (m: EntityManager) => {
      await m.insert(RawDocumentEntity, {
        id, partnerId: doc.partnerId ?? null, transport: doc.transport, remoteName: doc.remoteName ?? null,
        size: doc.bytes.length, sha256, content: doc.bytes, receivedAt: at,
      });
      await m.insert(DocumentEntity, { id, partnerId: doc.partnerId ?? null, status: 'received', reason: null, diagnostics: [], createdAt: at, updatedAt: at });
      await m.insert(DocumentStatusHistoryEntity, { documentId: id, status: 'received', reason: null, at });
    };
    if (manager !== undefined) await store(manager);
    else await this.dataSource.transaction(store);
    return { id, sha256, size: doc.bytes.length };
  }

  /** The bytes exactly as received. */
  async content(id: string): Promise<Buffer | null> {
    const raw = await this.dataSource.getRepository(RawDocumentEntity).findOne({ where: { id }, select: { id: true, content: true } });
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
      const doc = await this.locked(m, id);
      if (!canMove(doc.status as DocumentStatus, to)) throw new DocumentStateError(id, doc.status, to);
      const at = new Date();
      await m.update(DocumentEntity, { id }, { status: to, reason, updatedAt: at, ...(diagnostics === undefined ? {} : { diagnostics }) });
      await m.insert(DocumentStatusHistoryEntity, { documentId: id, status: to, reason, at });
    };
    if (manager !== undefined) await move(manager);
    else await this.dataSource.transaction(move);
  }

  async get(id: string): Promise<DocumentEntity | null> {
    return this.dataSource.getRepository(DocumentEntity).findOneBy({ id });
  }

  async history(id: string): Promise<Array<{ status: string; reason: string | null; at: Date }>> {
    const rows = await this.dataSource.getRepository(DocumentStatusHistoryEntity).find({ where: { documentId: id }, order: { id: 'ASC' } });
    return rows.map((r) => ({ status: r.status, reason: r.reason, at: r.at }));
  }

  /** The row, locked for this transaction: two workers moving one document take turns. */
  private async locked(m: EntityManager, id: string): Promise<DocumentEntity> {
    const doc = await m.getRepository(DocumentEntity).createQueryBuilder('d').setLock('pessimistic_write').where('d.id = :id', { id }).getOne();
    if (doc === null) throw new DocumentStateError(id, '(none)', 'any');
    return doc;
  }
}

import { Controller, Get, Inject, NotFoundException, Param, ParseUUIDPipe, Req } from '@nestjs/common';
import { DocumentStore } from '@tradewire/persistence';
import { DataSource } from 'typeorm';
import { AuthenticatedRequest, mayAccessPartner, Roles } from '../auth/api-key.guard';
import { DATA_SOURCE } from '../tokens';

export interface AcknowledgmentView {
  readonly id: string;
  readonly kind: string;
  readonly status: string;
  readonly createdAt: Date;
  /** The acknowledgment as X12 text (what we send is ASCII). */
  readonly content: string;
}

export interface EventView {
  readonly idempotencyKey: string;
  readonly type: string;
  readonly transactionSetId: string;
  readonly position: number;
  /** The ledger's verdict (applying, applied, held), or null when the event has not reached the ledger. */
  readonly ledgerStatus: string | null;
  readonly body: unknown;
}

/** What a document led to, read-only: the acknowledgments we owe for it and the canonical events of its sets. */
@Controller('documents/:id')
export class DocumentTrailController {
  private readonly store: DocumentStore;

  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {
    this.store = new DocumentStore(dataSource);
  }

  /** The TA1/997/999 stored for this document, oldest first, with their delivery status. */
  @Get('acknowledgments')
  @Roles('ops', 'onboarding', 'read-only')
  async acknowledgments(@Param('id', new ParseUUIDPipe()) id: string, @Req() request: AuthenticatedRequest): Promise<AcknowledgmentView[]> {
    await this.visible(id, request);
    const rows: Array<{ id: string; kind: string; status: string; created_at: Date; content: Buffer }> = await this.dataSource.query(
      `SELECT id, kind, status, created_at, content FROM outbound_documents WHERE in_reply_to = $1 ORDER BY created_at, id`,
      [id],
    );
    return rows.map((r) => ({ id: r.id, kind: r.kind, status: r.status, createdAt: r.created_at, content: r.content.toString('latin1') }));
  }

  /** The canonical event of each of its sets, in set order, with what the ledger made of it. */
  @Get('events')
  @Roles('ops', 'onboarding', 'read-only')
  async events(@Param('id', new ParseUUIDPipe()) id: string, @Req() request: AuthenticatedRequest): Promise<EventView[]> {
    await this.visible(id, request);
    const rows: Array<{ idempotency_key: string; type: string; transaction_set_id: string; position: number; ledger_status: string | null; body: unknown }> = await this.dataSource.query(
      `SELECT e.idempotency_key, e.type, e.transaction_set_id, t.position, a.status AS ledger_status, e.body
       FROM canonical_events e JOIN transaction_sets t ON t.id = e.transaction_set_id
       LEFT JOIN applied_events a ON a.idempotency_key = e.idempotency_key
       WHERE t.document_id = $1 ORDER BY t.position`,
      [id],
    );
    return rows.map((r) => ({ idempotencyKey: r.idempotency_key, type: r.type, transactionSetId: r.transaction_set_id, position: r.position, ledgerStatus: r.ledger_status, body: r.body }));
  }

  private async visible(id: string, request: AuthenticatedRequest): Promise<void> {
    const doc = await this.store.get(id);
    if (doc === null || !mayAccessPartner(request.principal, doc.partnerId)) throw new NotFoundException(`no document ${id}`);
  }
}

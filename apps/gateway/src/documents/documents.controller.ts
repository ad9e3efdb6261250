import { BadRequestException, Controller, Get, Header, HttpCode, Inject, NotFoundException, Param, ParseUUIDPipe, Post, Req, StreamableFile } from '@nestjs/common';
import { Queue } from 'bullmq';
import { enqueue, QueueName } from '@tradewire/jobs';
import { DocumentStore } from '@tradewire/persistence';
import { DataSource } from 'typeorm';
import { AuthenticatedRequest, mayAccessPartner, Roles } from '../auth/api-key.guard';
import { DATA_SOURCE, PROFILES, QUEUES } from '../tokens';
import { ProfileLookup } from './profile-lookup';

interface UploadRequest extends AuthenticatedRequest {
  body: unknown;
}

/** Documents: upload (intake), detail with status history and transaction sets, raw download. */
@Controller()
export class DocumentsController {
  private readonly store: DocumentStore;

  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(QUEUES) private readonly queues: Readonly<Record<QueueName, Queue>>,
    @Inject(PROFILES) private readonly profiles: ProfileLookup,
  ) {
    this.store = new DocumentStore(dataSource);
  }

  /** Stores the bytes first, queues intake, answers at once with the document id (202). */
  @Post('partners/:partnerId/documents')
  @HttpCode(202)
  @Roles('ops', 'onboarding')
  async upload(@Param('partnerId') partnerId: string, @Req() request: UploadRequest): Promise<{ id: string; sha256: string; size: number }> {
    if (!this.profiles.byId(partnerId) || !mayAccessPartner(request.principal, partnerId)) throw new NotFoundException(`no partner ${partnerId}`);
    if (!Buffer.isBuffer(request.body) || request.body.length === 0) throw new BadRequestException('send the file as the request body (Content-Type: application/octet-stream, application/edi-x12 or text/plain)');
    const stored = await this.store.receive({ bytes: request.body, transport: 'api', partnerId });
    await enqueue(this.queues, 'parse-document', { documentId: stored.id });
    return stored;
  }

  @Get('documents/:id')
  @Roles('ops', 'onboarding', 'read-only')
  async detail(@Param('id', new ParseUUIDPipe()) id: string, @Req() request: AuthenticatedRequest) {
    const doc = await this.store.get(id);
    if (doc === null || !mayAccessPartner(request.principal, doc.partnerId)) throw new NotFoundException(`no document ${id}`);
    const transactionSets = await this.dataSource.query(
      `SELECT id, position, set_id AS "set", control, status, findings, event_key AS "eventKey" FROM transaction_sets WHERE document_id = $1 ORDER BY position`,
      [id],
    );
    return { id, partnerId: doc.partnerId, status: doc.status, reason: doc.reason, diagnostics: doc.diagnostics, history: await this.store.history(id), transactionSets };
  }

  /** The bytes exactly as received. */
  @Get('documents/:id/raw')
  @Header('Content-Type', 'application/edi-x12')
  @Roles('ops', 'onboarding', 'read-only')
  async raw(@Param('id', new ParseUUIDPipe()) id: string, @Req() request: AuthenticatedRequest): Promise<StreamableFile> {
    const doc = await this.store.get(id);
    const bytes = doc === null || !mayAccessPartner(request.principal, doc.partnerId) ? null : await this.store.content(id);
    if (bytes === null) throw new NotFoundException(`no document ${id}`);
    return new StreamableFile(bytes);
  }
}

import { BadRequestException, Body, Controller, Get, Header, HttpCode, Inject, NotFoundException, Param, ParseUUIDPipe, Post, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ActionResult, DocumentFilter, DocumentOperations, DocumentSummary, dryRun, DryRunResult, OperationRefused } from '@tradewire/pipeline';
import { Queue } from 'bullmq';
import { enqueue, QueueName } from '@tradewire/jobs';
import { Logger } from '@tradewire/logging';
import { DocumentStore } from '@tradewire/persistence';
import { DataSource } from 'typeorm';
import { actorOf, AuthenticatedRequest, mayAccessPartner, Roles } from '../auth/api-key.guard';
import { DATA_SOURCE, LOGGER, PROFILES, QUEUES } from '../tokens';
import { ProfileLookup } from './profile-lookup';

interface UploadRequest extends AuthenticatedRequest {
  body: unknown;
}

interface CorrelatedResponse {
  setHeader(name: string, value: string): void;
}

/** Documents: upload (intake), detail with status history and transaction sets, raw download. */
@Controller()
export class DocumentsController {
  private readonly store: DocumentStore;
  private readonly operations: DocumentOperations;

  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(QUEUES) private readonly queues: Readonly<Record<QueueName, Queue>>,
    @Inject(PROFILES) private readonly profiles: ProfileLookup,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.store = new DocumentStore(dataSource);
    this.operations = new DocumentOperations(dataSource, queues);
  }

  /**
   * Stores the bytes first, queues intake, answers at once with the document id (202). The id is also
   * the correlation id (`x-correlation-id`) on every log line about the document, in every process.
   */
  @Post('partners/:partnerId/documents')
  @HttpCode(202)
  @Roles('ops', 'onboarding')
  async upload(@Param('partnerId') partnerId: string, @Req() request: UploadRequest, @Res({ passthrough: true }) response: CorrelatedResponse): Promise<{ id: string; sha256: string; size: number }> {
    if (!this.profiles.byId(partnerId) || !mayAccessPartner(request.principal, partnerId)) throw new NotFoundException(`no partner ${partnerId}`);
    if (!Buffer.isBuffer(request.body) || request.body.length === 0) throw new BadRequestException('send the file as the request body (Content-Type: application/octet-stream, application/edi-x12 or text/plain)');
    const stored = await this.store.receive({ bytes: request.body, transport: 'api', partnerId });
    response.setHeader('x-correlation-id', stored.id);
    this.logger.info({ correlationId: stored.id, partnerId, transport: 'api', size: stored.size, sha256: stored.sha256, keyName: request.principal?.name }, 'document received');
    await enqueue(this.queues, 'parse-document', { documentId: stored.id });
    return stored;
  }

  /** Onboarding: validation, the acknowledgment we would send and the canonical events, storing and applying nothing. */
  @Post('partners/:partnerId/dry-run')
  @HttpCode(200)
  @Roles('onboarding', 'ops')
  async dryRun(@Param('partnerId') partnerId: string, @Req() request: UploadRequest): Promise<DryRunResult> {
    const profile = this.profiles.byId(partnerId);
    if (profile === undefined || !mayAccessPartner(request.principal, partnerId)) throw new NotFoundException(`no partner ${partnerId}`);
    if (!Buffer.isBuffer(request.body) || request.body.length === 0) throw new BadRequestException('send the file as the request body');
    return dryRun(request.body, profile, this.profiles.guides);
  }

  /** Search: partner, set, status, received from/to, control number (ISA13, GS06, ST02), text in the raw bytes. */
  @Get('documents')
  @Roles('ops', 'onboarding', 'read-only')
  async search(@Query() query: Record<string, string | undefined>, @Req() request: AuthenticatedRequest): Promise<DocumentSummary[]> {
    const filter = filterOf(query);
    return this.operations.search(filter, request.principal?.partnerId ?? null);
  }

  /** Bulk retry of what the filter finds; `dryRun=true` says what would happen and changes nothing. */
  @Post('documents/retry')
  @HttpCode(200)
  @Roles('ops')
  async bulkRetry(@Query() query: Record<string, string | undefined>, @Req() request: AuthenticatedRequest): Promise<ActionResult[]> {
    return this.operations.bulkRetry(filterOf(query), actorOf(request), query.dryRun === 'true', request.principal?.partnerId ?? null);
  }

  @Post('documents/:id/retry')
  @HttpCode(200)
  @Roles('ops')
  async retry(@Param('id', new ParseUUIDPipe()) id: string, @Query('dryRun') dryRun: string | undefined, @Req() request: AuthenticatedRequest): Promise<ActionResult> {
    await this.visible(id, request);
    return this.operations.retry(id, actorOf(request), dryRun === 'true');
  }

  @Post('documents/:id/replay')
  @HttpCode(200)
  @Roles('ops')
  async replay(@Param('id', new ParseUUIDPipe()) id: string, @Req() request: AuthenticatedRequest): Promise<ActionResult> {
    await this.visible(id, request);
    return this.refusedAsBadRequest(() => this.operations.replay(id, actorOf(request)));
  }

  @Post('documents/:id/ignore')
  @HttpCode(200)
  @Roles('ops')
  async ignore(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: { reason?: unknown }, @Req() request: AuthenticatedRequest): Promise<ActionResult> {
    await this.visible(id, request);
    return this.refusedAsBadRequest(() => this.operations.ignore(id, actorOf(request), typeof body?.reason === 'string' ? body.reason : ''));
  }

  private async visible(id: string, request: AuthenticatedRequest): Promise<void> {
    const doc = await this.store.get(id);
    if (doc === null || !mayAccessPartner(request.principal, doc.partnerId)) throw new NotFoundException(`no document ${id}`);
  }

  private async refusedAsBadRequest<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (e) {
      if (e instanceof OperationRefused) throw new BadRequestException(e.message);
      throw e;
    }
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

function filterOf(query: Record<string, string | undefined>): DocumentFilter {
  const keys = ['partner', 'set', 'status', 'from', 'to', 'control', 'text'] as const;
  const filter: Record<string, string | number> = {};
  for (const k of keys) if (query[k]) filter[k] = query[k] as string;
  if (query.limit) filter.limit = Number(query.limit);
  return filter as DocumentFilter;
}

import { BadRequestException, ConflictException, Controller, Get, HttpCode, Inject, NotFoundException, Param, ParseUUIDPipe, Post, Query, Req } from '@nestjs/common';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { enqueue, QueueName } from '@tradewire/jobs';
import { AuditLog } from '@tradewire/persistence';
import { DeliveryRecord, DeliveryService, DeliveryStatus } from '@tradewire/transport';
import { AuthenticatedRequest, mayAccessPartner, Roles } from '../auth/api-key.guard';
import { ProfileLookup } from '../documents/profile-lookup';
import { DATA_SOURCE, PROFILES, QUEUES } from '../tokens';
import { actorOf } from './actor';

const STATUSES: readonly DeliveryStatus[] = ['pending', 'delivered', 'failed'];

/** Deliveries of what we send: where, when, attempts, last error; a failed one can be retried. */
@Controller('deliveries')
export class DeliveriesController {
  private readonly deliveries: DeliveryService;
  private readonly audit: AuditLog;

  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(QUEUES) private readonly queues: Readonly<Record<QueueName, Queue>>,
    @Inject(PROFILES) profiles: ProfileLookup,
  ) {
    // Records only here: the workers deliver.
    this.deliveries = new DeliveryService(dataSource, profiles, []);
    this.audit = new AuditLog(dataSource);
  }

  @Get()
  @Roles('ops', 'onboarding', 'read-only')
  async list(@Query() query: Record<string, string | undefined>, @Req() request: AuthenticatedRequest): Promise<DeliveryRecord[]> {
    const scope = request.principal?.partnerId ?? null;
    if (query.status !== undefined && !(STATUSES as readonly string[]).includes(query.status)) throw new BadRequestException(`status: one of ${STATUSES.join(', ')}`);
    if (scope !== null && query.partner !== undefined && query.partner !== scope) return [];
    const limit = query.limit === undefined ? undefined : Number(query.limit);
    if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) throw new BadRequestException('limit: a whole number above 0');
    const partnerId = scope ?? query.partner;
    return this.deliveries.list({ ...(partnerId ? { partnerId } : {}), ...(query.status ? { status: query.status as DeliveryStatus } : {}), ...(limit ? { limit } : {}) });
  }

  /** A failed delivery goes again, as a new job with the job's own retries; 409 when it is not failed. */
  @Post(':id/retry')
  @HttpCode(202)
  @Roles('ops')
  async retry(@Param('id', new ParseUUIDPipe()) id: string, @Req() request: AuthenticatedRequest): Promise<DeliveryRecord> {
    const before = await this.deliveries.get(id);
    if (before === null || !mayAccessPartner(request.principal, before.partnerId)) throw new NotFoundException(`no delivery ${id}`);
    const reopened = await this.dataSource.transaction(async (m) => {
      const r = await this.deliveries.reopen(id, m);
      if (r !== null) await this.audit.record({ actor: actorOf(request), action: 'delivery retry', targetType: 'delivery', targetId: id, before: { status: before.status, attempts: before.attempts }, after: { status: 'pending' } }, m);
      return r;
    });
    if (reopened === null) throw new ConflictException(`delivery ${id} is ${before.status}, not failed`);
    // The attempt count makes a job ID of its own: the exhausted job is kept for the record.
    await enqueue(this.queues, 'deliver-document', { outboundDocumentId: reopened.outboundDocumentId, attempt: reopened.attempts });
    return (await this.deliveries.get(id)) as DeliveryRecord;
  }
}

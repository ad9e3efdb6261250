import { randomUUID } from 'crypto';
import { Controller, ForbiddenException, Get, HttpCode, Inject, NotFoundException, Param, Post, Req } from '@nestjs/common';
import { Queue } from 'bullmq';
import { QueueName } from '@tradewire/jobs';
import { AuditLog } from '@tradewire/persistence';
import { ChannelAvailabilityService } from '@tradewire/pipeline';
import { DataSource } from 'typeorm';
import { actorOf, AuthenticatedRequest, mayAccessPartner, Roles } from '../auth/api-key.guard';
import { ProfileLookup } from '../documents/profile-lookup';
import { DATA_SOURCE, PROFILES, QUEUES } from '../tokens';

/**
 * Sales channels' availability: what a channel would be offered now and what its last 846 said (a
 * channel's own key may read its own), and an ops-forced full refresh that sends the 846 at once.
 */
@Controller('channels')
export class ChannelsController {
  private readonly channels: ChannelAvailabilityService;
  private readonly audit: AuditLog;

  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource, @Inject(PROFILES) profiles: ProfileLookup, @Inject(QUEUES) private readonly queues: Readonly<Record<QueueName, Queue>>) {
    this.channels = new ChannelAvailabilityService(dataSource, profiles);
    this.audit = new AuditLog(dataSource);
  }

  @Get(':partnerId/availability')
  @Roles('ops', 'onboarding', 'read-only')
  async availability(@Param('partnerId') partnerId: string, @Req() request: AuthenticatedRequest) {
    const preview = mayAccessPartner(request.principal, partnerId) ? await this.channels.preview(partnerId) : null;
    if (preview === null) throw new NotFoundException(`no sales channel ${partnerId}`);
    return preview;
  }

  @Post(':partnerId/availability/refresh')
  @HttpCode(202)
  @Roles('ops')
  async refresh(@Param('partnerId') partnerId: string, @Req() request: AuthenticatedRequest): Promise<{ queued: string }> {
    if (request.principal?.partnerId) throw new ForbiddenException('partner-scoped keys cannot send 846s');
    if ((await this.channels.preview(partnerId)) === null) throw new NotFoundException(`no sales channel ${partnerId}`);
    const queued = randomUUID();
    await this.channels.refresh(this.queues, partnerId, queued);
    await this.audit.record({ actor: actorOf(request), action: 'availability refresh', targetType: 'channel', targetId: partnerId, before: {}, after: { request: queued } });
    return { queued };
  }

  /** Oversell events, newest first: a channel had been offered more than was available when stock next changed. */
  @Get('oversells')
  @Roles('ops', 'onboarding', 'read-only')
  async oversells(@Req() request: AuthenticatedRequest) {
    const scoped = request.principal?.partnerId ?? null;
    return this.dataSource.query(
      `SELECT channel, sku, location, offered::text, available::text, detected_at AS "detectedAt" FROM oversell_events WHERE ($1::text IS NULL OR channel = $1) ORDER BY id DESC LIMIT 200`,
      [scoped],
    );
  }
}

import { Body, Controller, ForbiddenException, Get, Inject, NotFoundException, Param, Post, Query, Req, Res, UnprocessableEntityException } from '@nestjs/common';
import type { Response } from 'express';
import { ApplyOutcome, GOODS_RECEIPT, goodsReceived, LedgerService } from '@tradewire/inventory';
import { operatedLocations } from '@tradewire/partners';
import { AuditLog } from '@tradewire/persistence';
import { DataSource } from 'typeorm';
import { actorOf, AuthenticatedRequest, Roles } from '../auth/api-key.guard';
import { DATA_SOURCE, PROFILES, QUEUES } from '../tokens';
import { Queue } from 'bullmq';
import { QueueName } from '@tradewire/jobs';
import { ChannelAvailabilityService } from '@tradewire/pipeline';
import { ProfileLookup } from '../documents/profile-lookup';

/** Availability of an item at a location: on hand, allocated, in transit, on hold, available to promise. */
@Controller('inventory')
export class InventoryController {
  private readonly ledger: LedgerService;
  private readonly audit: AuditLog;

  private readonly channels: ChannelAvailabilityService;

  constructor(@Inject(DATA_SOURCE) dataSource: DataSource, @Inject(PROFILES) private readonly profiles: ProfileLookup, @Inject(QUEUES) private readonly queues: Readonly<Record<QueueName, Queue>>) {
    this.ledger = new LedgerService(dataSource);
    this.audit = new AuditLog(dataSource);
    this.channels = new ChannelAvailabilityService(dataSource, profiles);
  }

  /**
   * A receipt at one of our locations (from the ERP or ops): on hand goes up and the supplier's
   * shipment it names leaves in transit. The receipt ID makes it idempotent: 201 when applied, 200
   * with `duplicate` when that receipt was already recorded. 422 lists every problem with its path.
   */
  @Post('receipts')
  @Roles('ops')
  async receipt(@Body() body: unknown, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) response: Response): Promise<ApplyOutcome> {
    if (request.principal?.partnerId) throw new ForbiddenException('partner-scoped keys cannot record receipts');
    const parsed = GOODS_RECEIPT.safeParse(body);
    if (!parsed.success) throw new UnprocessableEntityException({ problems: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) });
    if (this.profiles.byId(parsed.data.supplier) === undefined) throw new UnprocessableEntityException({ problems: [{ path: 'supplier', message: `no partner ${parsed.data.supplier}` }] });
    const entry = { actor: actorOf(request), action: 'goods received', targetType: 'receipt', targetId: `${parsed.data.supplier}/${parsed.data.receiptId}`, before: {}, after: parsed.data };
    const outcome = await this.ledger.apply(goodsReceived(parsed.data), (m) => this.audit.record(entry, m));
    if (outcome.status === 'applied') await this.channels.changed(this.queues);
    response.status(outcome.status === 'applied' ? 201 : 200);
    return outcome;
  }

  /** Variances between partners' full snapshots and the ledger, still open (a partner key: its own snapshots'). */
  @Get('variances')
  @Roles('ops', 'onboarding', 'read-only')
  async variances(@Req() request: AuthenticatedRequest) {
    this.scope(request);
    return this.ledger.variances(200, request.principal?.partnerId ?? undefined);
  }

  /** An item at every location, with totals (a partner key: at the locations it runs). */
  @Get(':sku')
  @Roles('ops', 'onboarding', 'read-only')
  async availability(@Param('sku') sku: string, @Req() request: AuthenticatedRequest) {
    return this.ledger.availability(sku, this.scope(request));
  }

  /** The item's ledger, newest first (optionally at one location). */
  @Get(':sku/history')
  @Roles('ops', 'onboarding', 'read-only')
  async history(@Param('sku') sku: string, @Query('location') location: string | undefined, @Req() request: AuthenticatedRequest) {
    return this.ledger.history(sku, location, 200, this.scope(request));
  }

  @Get(':sku/:location')
  @Roles('ops', 'onboarding', 'read-only')
  async balance(@Param('sku') sku: string, @Param('location') location: string, @Req() request: AuthenticatedRequest) {
    const within = this.scope(request);
    if (within !== undefined && !within.includes(location)) throw new NotFoundException(`no location ${location} for this key`);
    return { sku, location, ...(await this.ledger.balance(sku, location)) };
  }

  /**
   * Which locations a key may see: all for our own keys; for a partner-scoped key, the locations that
   * partner runs (a 3PL's warehouses), and none at all (403) for a partner that runs none.
   */
  private scope(request: AuthenticatedRequest): string[] | undefined {
    const partnerId = request.principal?.partnerId;
    if (!partnerId) return undefined;
    const profile = this.profiles.byId(partnerId);
    const locations = profile === undefined ? [] : operatedLocations(profile);
    if (locations.length === 0) throw new ForbiddenException(`partner ${partnerId} runs none of our locations: its keys cannot read inventory`);
    return locations;
  }
}

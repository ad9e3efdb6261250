import { Controller, ForbiddenException, Get, Inject, Param, Query, Req } from '@nestjs/common';
import { LedgerService } from '@tradewire/inventory';
import { DataSource } from 'typeorm';
import { AuthenticatedRequest, Roles } from '../auth/api-key.guard';
import { DATA_SOURCE } from '../tokens';

/** Availability of an item at a location: on hand, allocated, in transit, on hold, available to promise. */
@Controller('inventory')
export class InventoryController {
  private readonly ledger: LedgerService;

  constructor(@Inject(DATA_SOURCE) dataSource: DataSource) {
    this.ledger = new LedgerService(dataSource);
  }

  /** Variances between partners' full snapshots and the ledger, still open. */
  @Get('variances')
  @Roles('ops', 'onboarding', 'read-only')
  async variances(@Req() request: AuthenticatedRequest) {
    ours(request);
    return this.ledger.variances();
  }

  /** An item at every location, with totals. */
  @Get(':sku')
  @Roles('ops', 'onboarding', 'read-only')
  async availability(@Param('sku') sku: string, @Req() request: AuthenticatedRequest) {
    ours(request);
    return this.ledger.availability(sku);
  }

  /** The item's ledger, newest first (optionally at one location). */
  @Get(':sku/history')
  @Roles('ops', 'onboarding', 'read-only')
  async history(@Param('sku') sku: string, @Query('location') location: string | undefined, @Req() request: AuthenticatedRequest) {
    ours(request);
    return this.ledger.history(sku, location);
  }

  @Get(':sku/:location')
  @Roles('ops', 'onboarding', 'read-only')
  async balance(@Param('sku') sku: string, @Param('location') location: string, @Req() request: AuthenticatedRequest) {
    ours(request);
    return { sku, location, ...(await this.ledger.balance(sku, location)) };
  }
}

/** Partner-scoped keys see their own documents; stock figures across partners are ours alone. */
function ours(request: AuthenticatedRequest): void {
  if (request.principal?.partnerId) throw new ForbiddenException('partner-scoped keys cannot read inventory');
}

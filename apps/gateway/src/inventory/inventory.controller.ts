import { Controller, ForbiddenException, Get, Inject, Param, Req } from '@nestjs/common';
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

  @Get(':sku/:location')
  @Roles('ops', 'onboarding', 'read-only')
  async balance(@Param('sku') sku: string, @Param('location') location: string, @Req() request: AuthenticatedRequest) {
    // Partner-scoped keys see their own documents; stock figures across partners are ours alone.
    if (request.principal?.partnerId) throw new ForbiddenException('partner-scoped keys cannot read inventory');
    return { sku, location, ...(await this.ledger.balance(sku, location)) };
  }
}

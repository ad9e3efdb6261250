import { BadRequestException, Controller, Get, Inject, Query, Req } from '@nestjs/common';
import { Expectations, ExpectationStatus, ExpectationView } from '@tradewire/pipeline';
import { DataSource } from 'typeorm';
import { AuthenticatedRequest, Roles } from '../auth/api-key.guard';
import { DATA_SOURCE } from '../tokens';

const STATUSES: readonly ExpectationStatus[] = ['pending', 'overdue', 'accepted', 'accepted-with-errors', 'partially-accepted', 'rejected', 'fulfilled', 'cancelled'];

/** What we wait for from partners (their 997/999 for what we sent, a 3PL's 945 for a 940): `?status=overdue` for ops. */
@Controller('expectations')
export class ExpectationsController {
  private readonly expectations: Expectations;

  constructor(@Inject(DATA_SOURCE) dataSource: DataSource) {
    this.expectations = new Expectations(dataSource);
  }

  @Get()
  @Roles('ops', 'onboarding', 'read-only')
  async list(@Query('status') status: string | undefined, @Query('partner') partner: string | undefined, @Req() request: AuthenticatedRequest): Promise<ExpectationView[]> {
    if (status !== undefined && !(STATUSES as readonly string[]).includes(status)) throw new BadRequestException(`status is one of ${STATUSES.join(', ')}`);
    const scoped = request.principal?.partnerId ?? undefined;
    return this.expectations.list({ ...(status ? { status: status as ExpectationStatus } : {}), ...(scoped ?? partner ? { partnerId: scoped ?? partner } : {}) });
  }
}

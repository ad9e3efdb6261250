import { Controller, ForbiddenException, Get, Inject, Req } from '@nestjs/common';
import { Queue } from 'bullmq';
import { QueueName } from '@tradewire/jobs';
import { AuthenticatedRequest, Roles } from '../auth/api-key.guard';
import { QUEUES } from '../tokens';
import { QueueBacklog, queueBacklog } from './queue-backlog';

/** The pipeline's queue backlog, read from the queues the gateway already holds: nothing is changed. */
@Controller('queues')
export class QueuesController {
  constructor(@Inject(QUEUES) private readonly queues: Readonly<Record<QueueName, Queue>>) {}

  /** Waiting, active, delayed and failed jobs per queue, and how long the oldest waiting job has waited. */
  @Get()
  @Roles('ops', 'onboarding', 'read-only')
  async backlog(@Req() request: AuthenticatedRequest): Promise<QueueBacklog[]> {
    // The queues carry every partner's work: a partner-scoped key has no business reading them.
    if (request.principal?.partnerId) throw new ForbiddenException('partner-scoped keys cannot read the queues');
    return queueBacklog(this.queues);
  }
}

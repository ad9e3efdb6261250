import { JobsOptions, Queue } from 'bullmq';

/**
 * The pipeline's queues, one per stage. These names live in Redis: renaming one needs a drain plan
 * (stop producers, let the old queue empty, then deploy).
 */
export const QUEUES = {
  intake: 'inbound-documents',
  translation: 'transaction-sets',
  inventory: 'inventory-events',
  /** Delayed jobs, one per expectation (an acknowledgment or 945 we wait for), firing at its deadline. */
  expectations: 'acknowledgment-expectations',
  /** One job per channel per due time: changes to stock coalesce into at most one 846 per interval. */
  availability: 'channel-availability',
  /** One repeatable job per partner with SFTP in its profile (a job scheduler), plus polls ops ask for. */
  sftpPolls: 'sftp-polls',
  /** Documents we send (acknowledgments, 940/846/856), by whichever transport the profile has, and the asynchronous AS2 MDNs we owe. */
  deliveries: 'outbound-deliveries',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];
/** The pipeline's own stages (the queues startPipeline works); the transport queues have workers of their own. */
export const STAGE_QUEUES: readonly QueueName[] = [QUEUES.intake, QUEUES.translation, QUEUES.inventory, QUEUES.expectations, QUEUES.availability];

/** Every job and its payload: IDs only, never raw EDI or credentials (Redis stores payloads in clear). */
export interface JobPayloads {
  'parse-document': { readonly documentId: string; readonly attempt?: number };
  /** `documentId`: the document the set came in (the correlation id of its log lines), carried so no job has to look it up. */
  'translate-transaction-set': { readonly transactionSetId: string; readonly documentId?: string; readonly attempt?: number };
  /** The transaction set it came from: a replayed set's event has the key of the original's. */
  'apply-event': { readonly idempotencyKey: string; readonly transactionSetId: string; readonly documentId?: string; readonly attempt?: number };
  /** Delayed until the expectation's deadline: still waiting then means overdue. */
  'check-expectation': { readonly expectationId: string };
  /** Send a channel its 846 if its offer changed (`due`: the coalescing slot, epoch ms); `refresh`: an ops-forced send. */
  'publish-availability': { readonly channel: string; readonly due?: number; readonly refresh?: string };
  /** Poll one partner's SFTP mailbox. `request` makes an ops "poll now" a job of its own. */
  'poll-mailbox': { readonly partnerId: string; readonly request?: string };
  /** Deliver one outbound document; `attempt` is an ops retry after the job's own retries ran out. */
  'deliver-document': { readonly outboundDocumentId: string; readonly attempt?: number };
  /** POST the asynchronous AS2 MDN stored with an inbound message (`as2_messages.id`); `attempt` is an ops retry. */
  'send-mdn': { readonly as2MessageId: string; readonly attempt?: number };
}
export type JobName = keyof JobPayloads;

/** Which queue each job goes to. */
export const JOB_QUEUE: Record<JobName, QueueName> = {
  'parse-document': QUEUES.intake,
  'translate-transaction-set': QUEUES.translation,
  'apply-event': QUEUES.inventory,
  'check-expectation': QUEUES.expectations,
  'publish-availability': QUEUES.availability,
  'poll-mailbox': QUEUES.sftpPolls,
  'deliver-document': QUEUES.deliveries,
  'send-mdn': QUEUES.deliveries,
};

/**
 * Retries that differ from the default: a partner's server may be down for a while, so a delivery
 * (and an asynchronous MDN, which goes to the same server) backs off from 5 s to about 40 min over
 * 10 attempts before it is left failed for ops to retry.
 */
const PARTNER_RETRIES: JobsOptions = { attempts: 10, backoff: { type: 'exponential', delay: 5_000, jitter: 0.5 } };
const RETRIES: Partial<Record<JobName, JobsOptions>> = {
  'deliver-document': PARTNER_RETRIES,
  'send-mdn': PARTNER_RETRIES,
};

/**
 * The one way to add a job: the payload type follows the name, and the job ID is the business key, so
 * a second enqueue of the same work is a no-op while the first is known to Redis. An operator's retry
 * carries an `attempt` number, which makes a new job ID for the same work. Transient failures
 * retry with exponential backoff (jitter added by BullMQ's backoff); failed jobs are kept for ops.
 */
export async function enqueue<N extends JobName>(queues: Readonly<Record<QueueName, Queue>>, name: N, data: JobPayloads[N], options: JobsOptions = {}): Promise<void> {
  await queues[JOB_QUEUE[name]].add(name, data, {
    jobId: `${name}:${Object.values(data).join(':')}`.replace(/:/g, '_'),
    attempts: 8,
    backoff: { type: 'exponential', delay: 500, jitter: 0.5 },
    removeOnComplete: { count: 1000 },
    removeOnFail: false,
    ...RETRIES[name],
    ...options,
  });
}

/**
 * A repeating job under a scheduler ID of its own (BullMQ job schedulers): re-scheduling with the same ID
 * replaces the schedule, so every process may call it at start-up. The payload type follows the name.
 */
export async function schedule<N extends JobName>(queues: Readonly<Record<QueueName, Queue>>, schedulerId: string, name: N, data: JobPayloads[N], everyMs: number): Promise<void> {
  await queues[JOB_QUEUE[name]].upsertJobScheduler(schedulerId, { every: everyMs }, {
    name,
    data,
    opts: { attempts: 1, removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } },
  });
}

import { JobsOptions, Queue } from 'bullmq';

/**
 * The pipeline's queues, one per stage. These names live in Redis: renaming one needs a drain plan
 * (stop producers, let the old queue empty, then deploy).
 */
export const QUEUES = {
  intake: 'inbound-documents',
  translation: 'transaction-sets',
  inventory: 'inventory-events',
  expectations: 'acknowledgment-expectations',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/** Every job and its payload: IDs only, never raw EDI or credentials (Redis stores payloads in clear). */
export interface JobPayloads {
  'parse-document': { readonly documentId: string; readonly attempt?: number };
  'translate-transaction-set': { readonly transactionSetId: string; readonly attempt?: number };
  /** The transaction set it came from: a replayed set's event has the key of the original's. */
  'apply-event': { readonly idempotencyKey: string; readonly transactionSetId: string; readonly attempt?: number };
  /** Delayed until the expectation's deadline: still waiting then means overdue. */
  'check-expectation': { readonly expectationId: string };
}
export type JobName = keyof JobPayloads;

/** Which queue each job goes to. */
export const JOB_QUEUE: Record<JobName, QueueName> = {
  'parse-document': QUEUES.intake,
  'translate-transaction-set': QUEUES.translation,
  'apply-event': QUEUES.inventory,
  'check-expectation': QUEUES.expectations,
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
    ...options,
  });
}

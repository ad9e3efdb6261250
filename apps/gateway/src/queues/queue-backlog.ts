import { Queue } from 'bullmq';

/** One pipeline queue's backlog, as the ops console shows it. */
export interface QueueBacklog {
  readonly queue: string;
  readonly waiting: number;
  readonly active: number;
  readonly delayed: number;
  readonly failed: number;
  /** Seconds since the oldest waiting job was added; null when nothing waits. */
  readonly oldestWaitingSeconds: number | null;
}

/**
 * Counts per queue from Redis, read-only. Prioritized jobs wait too (BullMQ keeps them in their own
 * list), so they count as waiting; the oldest waiting job is looked up in both lists.
 */
export async function queueBacklog(queues: Readonly<Record<string, Queue>>, now: number = Date.now()): Promise<QueueBacklog[]> {
  const names = Object.keys(queues).sort();
  return Promise.all(names.map(async (name) => {
    const queue = queues[name];
    const counts = await queue.getJobCounts('wait', 'prioritized', 'active', 'delayed', 'failed');
    // asc = true: the oldest job of each list first.
    const oldest = await queue.getJobs(['wait', 'prioritized'], 0, 0, true);
    const addedAt = oldest.reduce<number | null>((min, job) => (min === null || job.timestamp < min ? job.timestamp : min), null);
    return {
      queue: name,
      waiting: (counts.wait ?? 0) + (counts.prioritized ?? 0),
      active: counts.active ?? 0,
      delayed: counts.delayed ?? 0,
      failed: counts.failed ?? 0,
      oldestWaitingSeconds: addedAt === null ? null : Math.max(0, Math.round((now - addedAt) / 1000)),
    };
  }));
}

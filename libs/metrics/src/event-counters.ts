import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { QUEUES, QueueName } from '@tradewire/jobs';

/**
 * Counters of events PostgreSQL does not record (a job retry), kept in one Redis hash
 * under the queue prefix (`<prefix>:metrics:events`), so every worker process adds to the same totals
 * and any gateway can report them. Fields are `[metric, ...label values]` as JSON; labels stay bounded
 * (queue, job name, partner): never a document, SKU or order.
 */
export type EventMetric = 'job_retries';

type Queues = Readonly<Record<QueueName, Queue>>;

/**
 * The ioredis connection the queues were made with (`startPipeline` makes them so) and the hash's key
 * under their prefix: whoever holds the queues can count, with no connection of its own.
 */
function eventsKey(queues: Queues): { client: IORedis; key: string } {
  const queue = queues[QUEUES.intake];
  const client = queue.opts.connection;
  if (!(client instanceof IORedis)) throw new Error('event counters need queues made with an ioredis connection');
  return { client, key: `${queue.opts.prefix ?? 'bull'}:metrics:events` };
}

/** Adds one to an event counter (through the queues' own Redis connection). */
export async function countEvent(queues: Queues, metric: EventMetric, labels: readonly string[]): Promise<void> {
  const { client, key } = eventsKey(queues);
  await client.hincrby(key, JSON.stringify([metric, ...labels]), 1);
}

/** Every event counter, as `{ metric, labels, value }`. */
export async function readEvents(queues: Queues): Promise<Array<{ metric: EventMetric; labels: string[]; value: number }>> {
  const { client, key } = eventsKey(queues);
  const all = await client.hgetall(key);
  return Object.entries(all).map(([field, value]) => {
    const [metric, ...labels] = JSON.parse(field) as [EventMetric, ...string[]];
    return { metric, labels, value: Number(value) };
  });
}

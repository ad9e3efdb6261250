import IORedis from 'ioredis';
import { loadConfig } from '@tradewire/config';

/**
 * Deletes what a suite's gateway left in Redis beside its BullMQ queues: the rate-limit buckets under
 * its prefix and, with `metrics`, its event counters. A full test run then leaves no test keys behind.
 */
export async function removeRedisLeftovers(prefix: string, options: { metrics?: boolean; redisUrl?: string } = {}): Promise<void> {
  const redis = new IORedis(options.redisUrl ?? loadConfig().redis.url);
  try {
    const left = [...(await redis.keys(`${prefix}*:rate-limit:*`)), ...(options.metrics ? await redis.keys(`${prefix}:metrics:*`) : [])];
    if (left.length > 0) await redis.del(...left);
  } finally {
    await redis.quit();
  }
}

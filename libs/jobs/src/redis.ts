import IORedis from 'ioredis';

/**
 * Redis connections. Workers wait for Redis to come back (maxRetriesPerRequest: null, as BullMQ
 * requires); producers fail fast while it is away, so an API call says so instead of hanging.
 */
export function redisConnection(url: string, role: 'worker' | 'producer'): IORedis {
  return new IORedis(url, role === 'worker' ? { maxRetriesPerRequest: null } : { maxRetriesPerRequest: 1 });
}

/** Whether Redis answers PING now: one connection attempt, no retries. */
export async function redisAnswers(url: string): Promise<boolean> {
  const redis = new IORedis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

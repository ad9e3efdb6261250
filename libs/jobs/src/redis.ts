import IORedis from 'ioredis';

/**
 * Redis connections. Workers wait for Redis to come back (maxRetriesPerRequest: null, as BullMQ
 * requires); producers fail fast while it is away, so an API call says so instead of hanging.
 */
export function redisConnection(url: string, role: 'worker' | 'producer'): IORedis {
  return new IORedis(url, role === 'worker' ? { maxRetriesPerRequest: null } : { maxRetriesPerRequest: 1, enableOfflineQueue: false });
}

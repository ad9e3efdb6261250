import { Logger, OnApplicationShutdown } from '@nestjs/common';
import IORedis from 'ioredis';
import { redisConnection } from '@tradewire/jobs';

/**
 * Reads, refills and takes in one script, so concurrent requests cannot both spend the last token.
 * Time is the caller's clock; a bucket never refills backwards when two gateways' clocks differ a
 * little. Returns the seconds to wait (0: go). An idle bucket expires after two minutes (full by then).
 */
const TAKE = `
local rate = tonumber(ARGV[1])
local now = tonumber(ARGV[2])
local bucket = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(bucket[1]) or rate
local at = tonumber(bucket[2]) or now
if now < at then now = at end
local refilled = math.min(rate, tokens + (now - at) / 60000 * rate)
local wait = 0
if refilled < 1 then wait = math.ceil((1 - refilled) * 60 / rate) else refilled = refilled - 1 end
redis.call('HSET', KEYS[1], 'tokens', tostring(refilled), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], 120000)
return wait
`;

/**
 * A token bucket per API key, kept in Redis so that every gateway process draws from the same one:
 * `perMinute` requests a minute, bursts up to that. Over the limit the guard answers 429 with
 * Retry-After.
 */
export class RateLimiter implements OnApplicationShutdown {
  private readonly redis: IORedis;
  private readonly logger = new Logger('RateLimiter');
  private warned = false;

  /** `prefix` keeps one deployment's (or one test's) buckets apart from another's on the same Redis. */
  constructor(redisUrl: string, private readonly prefix: string, private readonly perMinute: number, private readonly now: () => number = Date.now) {
    this.redis = redisConnection(redisUrl, 'producer');
    this.redis.on('error', () => undefined); // reported by take(), and by /health
  }

  /**
   * Seconds to wait, or 0 when the request may go. While Redis does not answer, requests go
   * unlimited (with a warning) rather than the whole API failing with the queue's store.
   */
  async take(key: string): Promise<number> {
    try {
      const wait = (await this.redis.eval(TAKE, 1, `${this.prefix}:rate-limit:${key}`, this.perMinute, this.now())) as number;
      this.warned = false;
      return wait;
    } catch (e) {
      if (!this.warned) this.logger.warn(`rate limits are off while Redis does not answer: ${(e as Error).message}`);
      this.warned = true;
      return 0;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

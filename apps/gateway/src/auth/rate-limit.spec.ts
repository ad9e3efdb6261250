import { randomBytes } from 'crypto';
import IORedis from 'ioredis';
import { loadConfig } from '@tradewire/config';
import { RateLimiter } from './rate-limit';

const redisUrl = loadConfig().redis.url;
const prefix = `test-${randomBytes(4).toString('hex')}`;
let now = 0;
const limiters: RateLimiter[] = [];
const limiter = (perMinute: number) => {
  const l = new RateLimiter(redisUrl, prefix, perMinute, () => now);
  limiters.push(l);
  return l;
};

afterAll(async () => {
  await Promise.all(limiters.map((l) => l.onApplicationShutdown()));
  const redis = new IORedis(redisUrl);
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

describe('RateLimiter (Redis)', () => {
  it('lets a burst up to the limit through, then asks to wait, and refills with time', async () => {
    now = 1_000_000;
    const l = limiter(3);
    expect([await l.take('k'), await l.take('k'), await l.take('k')]).toEqual([0, 0, 0]);
    expect(await l.take('k')).toBe(20);
    expect(await l.take('other')).toBe(0);
    now += 20_000;
    expect(await l.take('k')).toBe(0);
    expect(await l.take('k')).toBeGreaterThan(0);
  });

  it('is one bucket for every gateway process: a second limiter sees what the first spent', async () => {
    now = 2_000_000;
    const [a, b] = [limiter(2), limiter(2)];
    expect([await a.take('shared'), await b.take('shared')]).toEqual([0, 0]);
    expect(await a.take('shared')).toBe(30);
    expect(await b.take('shared')).toBe(30);
  });

  it('spends the last token once when requests race for it', async () => {
    now = 3_000_000;
    const l = limiter(5);
    const waits = await Promise.all(Array.from({ length: 20 }, () => l.take('race')));
    expect(waits.filter((w) => w === 0)).toHaveLength(5);
  });

  it('does not refill backwards when a gateway with a slower clock asks', async () => {
    now = 4_000_000;
    const l = limiter(1);
    expect(await l.take('skew')).toBe(0);
    now -= 5_000; // another process, 5 s behind
    expect(await l.take('skew')).toBe(60);
  });

  it('lets requests through while Redis does not answer', async () => {
    const away = new RateLimiter('redis://127.0.0.1:1', prefix, 1, () => now);
    limiters.push(away);
    expect([await away.take('k'), await away.take('k')]).toEqual([0, 0]);
  });
});

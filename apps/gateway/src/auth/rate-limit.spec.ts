import { RateLimiter } from './rate-limit';

describe('RateLimiter', () => {
  it('lets a burst up to the limit through, then asks to wait, and refills with time', () => {
    let now = 0;
    const limiter = new RateLimiter(3, () => now);
    expect([limiter.take('k'), limiter.take('k'), limiter.take('k')]).toEqual([0, 0, 0]);
    expect(limiter.take('k')).toBe(20);
    expect(limiter.take('other')).toBe(0);
    now += 20_000;
    expect(limiter.take('k')).toBe(0);
    expect(limiter.take('k')).toBeGreaterThan(0);
  });
});

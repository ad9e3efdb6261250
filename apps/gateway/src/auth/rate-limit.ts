/**
 * A token bucket per API key (in this process): `perMinute` requests a minute, bursts up to that.
 * Over the limit the guard answers 429 with Retry-After. Behind several gateway processes each keeps
 * its own buckets; a shared limit (Redis) comes with the ops console work.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly perMinute: number, private readonly now: () => number = Date.now) {}

  /** Seconds to wait, or 0 when the request may go. */
  take(key: string): number {
    const t = this.now();
    const b = this.buckets.get(key) ?? { tokens: this.perMinute, at: t };
    const refilled = Math.min(this.perMinute, b.tokens + ((t - b.at) / 60_000) * this.perMinute);
    if (refilled < 1) {
      this.buckets.set(key, { tokens: refilled, at: t });
      return Math.ceil(((1 - refilled) * 60) / this.perMinute);
    }
    this.buckets.set(key, { tokens: refilled - 1, at: t });
    return 0;
  }
}

import { randomUUID } from 'crypto';
import IORedis from 'ioredis';

/** A held lock: `held` turns false if it could not be renewed (the holder should stop before its next step). */
export interface HeldLock {
  readonly held: boolean;
  release(): Promise<void>;
}

const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * One poller per partner mailbox across every worker process: a Redis key with an expiry, set only when
 * absent, holding a token of ours. The holder renews it while it works; a crashed holder's lock expires
 * after `ttlMs`. Renewal and release touch the key only while it still holds our token, so a holder
 * that lost the lock can never release someone else's.
 */
export class MailboxLocks {
  constructor(private readonly redis: IORedis, private readonly prefix: string, private readonly ttlMs = 60_000) {}

  async acquire(partnerId: string): Promise<HeldLock | null> {
    const key = `${this.prefix}:sftp-lock:${partnerId}`;
    const token = randomUUID();
    if ((await this.redis.set(key, token, 'PX', this.ttlMs, 'NX')) !== 'OK') return null;
    let held = true;
    const timer = setInterval(() => {
      this.redis.eval(RENEW, 1, key, token, String(this.ttlMs)).then(
        (renewed) => { if (renewed !== 1) held = false; },
        () => { held = false; },
      );
    }, Math.max(100, Math.floor(this.ttlMs / 3)));
    timer.unref();
    return {
      get held() {
        return held;
      },
      release: async () => {
        clearInterval(timer);
        held = false;
        await this.redis.eval(RELEASE, 1, key, token).catch(() => undefined);
      },
    };
  }
}

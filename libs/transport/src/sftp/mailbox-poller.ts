import { tmpdir } from 'os';
import { join } from 'path';
import IORedis from 'ioredis';
import { DataSource } from 'typeorm';
import { PartnerProfile } from '@tradewire/partners';
import { DocumentStore } from '@tradewire/persistence';
import { HeldLock, MailboxLocks } from './mailbox-lock';
import { BreakerPolicy, MailboxState, MailboxStore, PollResult, RemoteFileKey } from './mailbox-store';
import { remotePath } from './remote-names';
import { doneCompanion, RemoteEntry, selectComplete } from './stability';
import { openSftp, SftpEndpoint, SftpSession } from './sftp-session';
import { spool, Spooled, TooLargeError } from './spool';

export interface SftpPollerOptions {
  readonly dataSource: DataSource;
  readonly profiles: { byId(id: string): PartnerProfile | undefined };
  readonly redis: IORedis;
  /** Key prefix of the mailbox locks (QUEUE_PREFIX). */
  readonly prefix: string;
  readonly maxDocumentBytes: number;
  readonly connectTimeoutMs: number;
  readonly breaker: BreakerPolicy;
  readonly spoolDir?: string;
  readonly lockTtlMs?: number;
  /** A new document was stored: queue it for intake. */
  readonly onReceived: (documentId: string) => Promise<void>;
  readonly log?: (line: string) => void;
}

export interface PollOutcome {
  readonly result: PollResult | 'not-configured';
  /** Documents stored by this poll. */
  readonly received: string[];
  /** Files skipped or not cleared, names refused: reported, nothing lost. */
  readonly warnings: string[];
}

class AlreadyReceived extends Error {}

/**
 * Polls one partner's SFTP mailbox: lists the inbound directory, receives the files that are complete by
 * the profile's rule (stored durably, with the remote file's identity, before the remote file is
 * touched), then archives or deletes them. One poller per mailbox at a time (a lock in Redis); failures
 * back off per partner and open its circuit after repeated ones, so a dead server costs one connect
 * timeout per back-off period and holds no other partner up.
 */
export class SftpPoller {
  private readonly store: MailboxStore;
  private readonly documents: DocumentStore;
  private readonly locks: MailboxLocks;

  constructor(private readonly options: SftpPollerOptions) {
    this.store = new MailboxStore(options.dataSource);
    this.documents = new DocumentStore(options.dataSource);
    this.locks = new MailboxLocks(options.redis, options.prefix, options.lockTtlMs);
  }

  /**
   * `force` (an operator's "poll now") skips the back-off and an open circuit, not a pause. A failure is
   * recorded and returned rather than thrown: the next scheduled poll is the retry, after the back-off.
   */
  async poll(partnerId: string, force = false, now = new Date()): Promise<PollOutcome> {
    const endpoint = this.options.profiles.byId(partnerId)?.transports?.sftp;
    if (endpoint === undefined) return { result: 'not-configured', received: [], warnings: [] };
    const gate = waiting(await this.store.get(partnerId), force, now);
    if (gate !== null) return { result: gate, received: [], warnings: [] };
    const lock = await this.locks.acquire(partnerId);
    if (lock === null) return { result: 'locked', received: [], warnings: [] };
    try {
      const { received, warnings } = await this.work(partnerId, endpoint, lock);
      await this.store.succeeded(partnerId, received.length, warnings.length === 0 ? null : warnings.join('; '));
      return { result: 'ok', received, warnings };
    } catch (e) {
      const state = await this.store.failed(partnerId, (e as Error).message, this.options.breaker, now);
      this.options.log?.(`sftp ${partnerId}: poll failed (${state.consecutiveFailures} in a row): ${(e as Error).message}`);
      return { result: 'failed', received: [], warnings: [(e as Error).message] };
    } finally {
      await lock.release();
    }
  }

  private async work(partnerId: string, endpoint: SftpEndpoint, lock: HeldLock): Promise<{ received: string[]; warnings: string[] }> {
    const session = await openSftp(endpoint, { connectTimeoutMs: this.options.connectTimeoutMs, ...(this.options.log ? { log: this.options.log } : {}) });
    try {
      const listing = await session.list(endpoint.directories.inbound);
      const selection = selectComplete(listing, await this.store.observations(partnerId), endpoint.stability, endpoint.filePattern);
      await this.store.observe(partnerId, selection.observed);
      const warnings = selection.refused.map((r) => `refused remote name ${JSON.stringify(r.name)}: ${r.reason}`);
      const received: string[] = [];
      for (const file of selection.ready) {
        // A lock we could not renew may be someone else's by now: stop before touching another file.
        if (!lock.held) throw new Error('lost the mailbox lock; stopped before the next file');
        const outcome = await this.receiveFile(session, partnerId, endpoint, file);
        if (outcome.stored?.isNew) received.push(outcome.stored.documentId);
        if (outcome.warning !== undefined) warnings.push(outcome.warning);
      }
      return { received, warnings };
    } finally {
      await session.end();
    }
  }

  /** One complete file: spooled, stored once, queued, then cleared from the mailbox; anything amiss is a warning. */
  private async receiveFile(session: SftpSession, partnerId: string, endpoint: SftpEndpoint, file: RemoteEntry): Promise<{ stored?: { documentId: string; isNew: boolean }; warning?: string }> {
    const key: RemoteFileKey = { partnerId, name: file.name, size: file.size, mtime: file.mtime };
    const limit = this.options.maxDocumentBytes;
    if (file.size > limit) return { warning: await this.setAside(session, endpoint, file.name, `${JSON.stringify(file.name)} is ${file.size} bytes, over the ${limit}-byte limit`) };
    let spooled: Spooled;
    try {
      spooled = await spool(session.read(remotePath(endpoint.directories.inbound, file.name)), this.options.spoolDir ?? join(tmpdir(), 'tradewire-sftp'), limit);
    } catch (e) {
      if (e instanceof TooLargeError) return { warning: await this.setAside(session, endpoint, file.name, `${JSON.stringify(file.name)} grew over the ${limit}-byte limit`) };
      throw e;
    }
    try {
      if (spooled.size !== file.size) return { warning: `${JSON.stringify(file.name)} changed while it was read; left for the next poll` };
      const stored = await this.storeOnce(key, spooled);
      const warning = await this.clear(session, endpoint, key, spooled.sha256);
      return warning === null ? { stored } : { stored, warning };
    } finally {
      await spooled.discard();
    }
  }

  /**
   * Stores the bytes and the remote file's identity in one transaction; a file already received (its
   * archive move failed last time, or another poller got there first) is not stored again. The document
   * is queued when new, or when it is known but still waits for intake (a poll that died before queueing).
   */
  private async storeOnce(key: RemoteFileKey, spooled: Spooled): Promise<{ documentId: string; isNew: boolean }> {
    let known = await this.store.receivedAs(key, spooled.sha256);
    let isNew = false;
    if (known === null) {
      const bytes = await spooled.bytes();
      try {
        known = await this.options.dataSource.transaction(async (m) => {
          const { id } = await this.documents.receive({ bytes, transport: 'sftp', partnerId: key.partnerId, remoteName: key.name }, m);
          if (!(await this.store.recordReceived(m, key, spooled.sha256, id))) throw new AlreadyReceived();
          return id;
        });
        isNew = true;
      } catch (e) {
        if (!(e instanceof AlreadyReceived)) throw e;
        known = (await this.store.receivedAs(key, spooled.sha256)) as string;
      }
    }
    if (isNew || (await this.documents.get(known))?.status === 'received') await this.options.onReceived(known);
    return { documentId: known, isNew };
  }

  /** Archive (or delete) the received file and its .done companion; a failure is a warning, the next poll retries it. */
  private async clear(session: SftpSession, endpoint: SftpEndpoint, key: RemoteFileKey, sha256: string): Promise<string | null> {
    const dirs = endpoint.directories;
    const from = remotePath(dirs.inbound, key.name);
    try {
      if (endpoint.afterPickup === 'delete' || dirs.archive === undefined) await session.remove(from);
      else await session.rename(from, remotePath(dirs.archive, key.name)).catch(() => session.rename(from, remotePath(dirs.archive as string, `${key.name}.${sha256.slice(0, 12)}`)));
      if (endpoint.stability === 'done-file') await session.remove(remotePath(dirs.inbound, doneCompanion(key.name))).catch(() => undefined);
      await this.store.cleared(key, sha256);
      return null;
    } catch (e) {
      return `${JSON.stringify(key.name)} was received but could not be ${endpoint.afterPickup === 'delete' ? 'deleted' : 'archived'}: ${(e as Error).message}`;
    }
  }

  /** A file we refuse (too large) goes to the error directory when the profile has one; otherwise it stays. */
  private async setAside(session: SftpSession, endpoint: SftpEndpoint, name: string, why: string): Promise<string> {
    const error = endpoint.directories.error;
    if (error === undefined) return `${why}; refused, left in place`;
    try {
      await session.rename(remotePath(endpoint.directories.inbound, name), remotePath(error, name));
      return `${why}; refused, moved to ${error}`;
    } catch (e) {
      return `${why}; refused, and could not be moved to ${error}: ${(e as Error).message}`;
    }
  }
}

/** Why a poll should not run now, or null when it may. */
function waiting(state: MailboxState, force: boolean, now: Date): PollResult | null {
  if (state.paused) return 'paused';
  if (force) return null;
  if (state.circuitOpenUntil !== null && now < state.circuitOpenUntil) return 'circuit-open';
  if (state.retryAfter !== null && now < state.retryAfter) return 'backing-off';
  return null;
}

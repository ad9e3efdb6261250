import { DataSource, EntityManager } from 'typeorm';
import { Observation } from './stability';

export type PollResult = 'ok' | 'failed' | 'locked' | 'backing-off' | 'circuit-open' | 'paused';

/** A partner mailbox's poll state, as ops see it. */
export interface MailboxState {
  readonly partnerId: string;
  readonly paused: boolean;
  readonly lastPollAt: Date | null;
  readonly lastResult: PollResult | null;
  readonly lastError: string | null;
  readonly lastReceived: number;
  readonly consecutiveFailures: number;
  /** No poll before this (back-off after a failure). */
  readonly retryAfter: Date | null;
  /** The circuit is open until then: no poll; afterwards one trial poll decides. */
  readonly circuitOpenUntil: Date | null;
}

export interface BreakerPolicy {
  readonly failuresBeforeOpen: number;
  readonly circuitOpenSeconds: number;
  /** First back-off after a failure; doubles with each further failure, up to the open time. */
  readonly baseBackoffMs?: number;
}

/** A remote file, identified as the issue asks: by partner, name, size, mtime and content. */
export interface RemoteFileKey {
  readonly partnerId: string;
  readonly name: string;
  readonly size: number;
  readonly mtime: number;
}

/** The SFTP mailboxes' state in PostgreSQL: pause, last poll, back-off and circuit, listings, received files. */
export class MailboxStore {
  constructor(private readonly dataSource: DataSource) {}

  async get(partnerId: string): Promise<MailboxState> {
    await this.dataSource.query(`INSERT INTO sftp_mailboxes (partner_id) VALUES ($1) ON CONFLICT DO NOTHING`, [partnerId]);
    const [row] = await this.dataSource.query(`SELECT * FROM sftp_mailboxes WHERE partner_id = $1`, [partnerId]);
    return toState(row);
  }

  async all(): Promise<MailboxState[]> {
    const rows = await this.dataSource.query(`SELECT * FROM sftp_mailboxes ORDER BY partner_id`);
    return rows.map(toState);
  }

  async setPaused(partnerId: string, paused: boolean, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query(
      `INSERT INTO sftp_mailboxes (partner_id, paused) VALUES ($1, $2) ON CONFLICT (partner_id) DO UPDATE SET paused = $2, updated_at = now()`,
      [partnerId, paused],
    );
  }

  async succeeded(partnerId: string, received: number, warning: string | null): Promise<void> {
    await this.dataSource.query(
      `UPDATE sftp_mailboxes SET last_poll_at = now(), last_result = 'ok', last_error = $2, last_received = $3, consecutive_failures = 0,
              retry_after = NULL, circuit_open_until = NULL, updated_at = now() WHERE partner_id = $1`,
      [partnerId, warning, received],
    );
  }

  /** Records a failed poll: back-off doubling per consecutive failure, the circuit open after too many. */
  async failed(partnerId: string, error: string, policy: BreakerPolicy, now = new Date()): Promise<MailboxState> {
    const current = await this.get(partnerId);
    const failures = current.consecutiveFailures + 1;
    const base = policy.baseBackoffMs ?? 30_000;
    const backoff = Math.min(base * 2 ** Math.min(failures - 1, 20), policy.circuitOpenSeconds * 1000);
    const opens = failures >= policy.failuresBeforeOpen;
    const retryAfter = new Date(now.getTime() + (opens ? policy.circuitOpenSeconds * 1000 : backoff * (0.8 + Math.random() * 0.4)));
    await this.dataSource.query(
      `UPDATE sftp_mailboxes SET last_poll_at = $2, last_result = 'failed', last_error = $3, last_received = 0, consecutive_failures = $4,
              retry_after = $5, circuit_open_until = $6, updated_at = now() WHERE partner_id = $1`,
      [partnerId, now, error.slice(0, 2000), failures, retryAfter, opens ? retryAfter : null],
    );
    return this.get(partnerId);
  }

  async observations(partnerId: string): Promise<Map<string, Observation>> {
    const rows: Array<{ remote_name: string; size: string; mtime: string }> = await this.dataSource.query(`SELECT remote_name, size, mtime FROM sftp_observed_files WHERE partner_id = $1`, [partnerId]);
    return new Map(rows.map((r) => [r.remote_name, { name: r.remote_name, size: Number(r.size), mtime: Number(r.mtime) }]));
  }

  /** What this listing saw replaces what the previous one saw. */
  async observe(partnerId: string, seen: readonly Observation[]): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await m.query(`DELETE FROM sftp_observed_files WHERE partner_id = $1`, [partnerId]);
      if (seen.length === 0) return;
      await m.query(
        `INSERT INTO sftp_observed_files (partner_id, remote_name, size, mtime) SELECT $1, * FROM unnest($2::text[], $3::bigint[], $4::bigint[])`,
        [partnerId, seen.map((o) => o.name), seen.map((o) => o.size), seen.map((o) => o.mtime)],
      );
    });
  }

  /** The document this exact file (same content too) already became, if it was received before. */
  async receivedAs(file: RemoteFileKey, sha256: string, manager: EntityManager = this.dataSource.manager): Promise<string | null> {
    const [row] = await manager.query(
      `SELECT document_id FROM sftp_received_files WHERE partner_id = $1 AND remote_name = $2 AND size = $3 AND mtime = $4 AND sha256 = $5`,
      [file.partnerId, file.name, file.size, file.mtime, sha256],
    );
    return row?.document_id ?? null;
  }

  /**
   * Records the file as received as `documentId`, in the caller's transaction (the one that stored the
   * bytes). False when another transaction recorded it first: the caller then rolls back its copy.
   */
  async recordReceived(m: EntityManager, file: RemoteFileKey, sha256: string, documentId: string): Promise<boolean> {
    const rows = await m.query(
      `INSERT INTO sftp_received_files (partner_id, remote_name, size, mtime, sha256, document_id) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING document_id`,
      [file.partnerId, file.name, file.size, file.mtime, sha256, documentId],
    );
    return rows.length === 1;
  }

  async cleared(file: RemoteFileKey, sha256: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE sftp_received_files SET cleared_at = now() WHERE partner_id = $1 AND remote_name = $2 AND size = $3 AND mtime = $4 AND sha256 = $5`,
      [file.partnerId, file.name, file.size, file.mtime, sha256],
    );
  }
}

function toState(row: Record<string, unknown>): MailboxState {
  return {
    partnerId: row.partner_id as string,
    paused: row.paused as boolean,
    lastPollAt: (row.last_poll_at as Date | null) ?? null,
    lastResult: (row.last_result as PollResult | null) ?? null,
    lastError: (row.last_error as string | null) ?? null,
    lastReceived: Number(row.last_received),
    consecutiveFailures: Number(row.consecutive_failures),
    retryAfter: (row.retry_after as Date | null) ?? null,
    circuitOpenUntil: (row.circuit_open_until as Date | null) ?? null,
  };
}

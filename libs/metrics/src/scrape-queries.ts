import { DataSource } from 'typeorm';

/** One row of a labelled value read at scrape time. */
export interface Sample {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** A histogram's series for one label set: cumulative bucket counts (one per bound), sum and count. */
export interface HistogramSample {
  readonly labels: Readonly<Record<string, string>>;
  readonly buckets: readonly number[];
  readonly sum: number;
  readonly count: number;
}

/** Seconds from receipt to applied: from a 1-second upload to a file that waited hours for a 3PL's partner. */
export const RECEIPT_TO_APPLIED_BUCKETS = [0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 14400, 86400] as const;

/**
 * The document's transaction-set IDs (846, 945…) as a label: a file carrying two sets counts under each;
 * a file that never got as far as its sets (unknown partner, unreadable, a refused duplicate) is `none`.
 * Partner is the one the file came through (upload URL, mailbox), `none` when it came without one.
 */
const DOCUMENT_SETS = `
  LEFT JOIN (SELECT document_id, array_agg(DISTINCT set_id) AS sets FROM transaction_sets GROUP BY document_id) ds ON ds.document_id = d.id
  CROSS JOIN LATERAL unnest(COALESCE(ds.sets, ARRAY['none'])) AS s(set_id)`;

/**
 * Everything the scrape reads from PostgreSQL. Totals come from append-only records (document status
 * history, audit log, expectations' overdue time), so they only grow, whichever process did the work.
 */
export class ScrapeQueries {
  constructor(private readonly dataSource: DataSource) {}

  async received(): Promise<Sample[]> {
    return this.samples(`SELECT COALESCE(partner_id, 'none') AS partner, count(*) AS value FROM documents GROUP BY 1`);
  }

  /** Documents by current status (a gauge: how many wait, failed, applied now). */
  async byStatus(): Promise<Sample[]> {
    return this.samples(`SELECT COALESCE(partner_id, 'none') AS partner, status, count(*) AS value FROM documents GROUP BY 1, 2`);
  }

  /** Moves to applied or failed recorded in the status history, by partner, set and status. */
  async outcomes(): Promise<Sample[]> {
    return this.samples(`
      SELECT h.status, COALESCE(d.partner_id, 'none') AS partner, s.set_id AS set, count(*) AS value
      FROM document_status_history h JOIN documents d ON d.id = h.document_id ${DOCUMENT_SETS}
      WHERE h.status IN ('applied', 'failed') GROUP BY 1, 2, 3`);
  }

  /** Files refused (failed or quarantined, by the partner's policy) as a duplicate interchange. */
  async duplicates(): Promise<Sample[]> {
    return this.samples(`
      SELECT COALESCE(d.partner_id, 'none') AS partner, count(*) AS value FROM document_status_history h JOIN documents d ON d.id = h.document_id
      WHERE h.status IN ('failed', 'quarantined') AND h.reason LIKE 'DUPLICATE_INTERCHANGE:%' GROUP BY 1`);
  }

  /** Operators' retries, replays and delivery retries, from the append-only audit log. */
  async operatorRetries(): Promise<Sample[]> {
    return this.samples(`SELECT replace(action, ' ', '-') AS action, count(*) AS value FROM audit_log WHERE action IN ('retry', 'replay', 'delivery retry') GROUP BY 1`);
  }

  async receiptToApplied(): Promise<HistogramSample[]> {
    const buckets = RECEIPT_TO_APPLIED_BUCKETS.map((b, i) => `count(*) FILTER (WHERE seconds <= ${b}) AS b${i}`).join(', ');
    const rows: Array<Record<string, string>> = await this.dataSource.query(`
      SELECT partner, set, ${buckets}, sum(seconds) AS sum, count(*) AS count FROM (
        SELECT COALESCE(d.partner_id, 'none') AS partner, s.set_id AS set, GREATEST(EXTRACT(EPOCH FROM h.at - d.created_at), 0)::float8 AS seconds
        FROM document_status_history h JOIN documents d ON d.id = h.document_id ${DOCUMENT_SETS}
        WHERE h.status = 'applied') applied
      GROUP BY 1, 2`);
    return rows.map((r) => ({
      labels: { partner: r.partner, set: r.set },
      buckets: RECEIPT_TO_APPLIED_BUCKETS.map((_, i) => Number(r[`b${i}`])),
      sum: Number(r.sum),
      count: Number(r.count),
    }));
  }

  /** Expectations (a partner's 997/999, a 3PL's 945) overdue now, and ever (overdue_at stays when a late one settles). */
  async overdue(): Promise<{ open: Sample[]; ever: Sample[] }> {
    const rows: Array<{ partner: string; kind: string; open: string; ever: string }> = await this.dataSource.query(`
      SELECT partner_id AS partner, kind, count(*) FILTER (WHERE status = 'overdue') AS open, count(*) AS ever
      FROM expectations WHERE overdue_at IS NOT NULL GROUP BY 1, 2`);
    return {
      open: rows.map((r) => ({ labels: { partner: r.partner, kind: r.kind }, value: Number(r.open) })),
      ever: rows.map((r) => ({ labels: { partner: r.partner, kind: r.kind }, value: Number(r.ever) })),
    };
  }

  async deliveriesFailed(): Promise<Sample[]> {
    return this.samples(`
      SELECT o.partner_id AS partner, d.transport, count(*) AS value FROM deliveries d JOIN outbound_documents o ON o.id = d.outbound_document_id
      WHERE d.status = 'failed' GROUP BY 1, 2`);
  }

  async openVariances(): Promise<Sample[]> {
    return this.samples(`
      SELECT e.partner, count(*) AS value FROM reconciliation_variances v JOIN applied_events e USING (idempotency_key)
      WHERE NOT v.resolved GROUP BY 1`);
  }

  /** Oversell events recorded when a channel's offer was found above what was available (channel availability). */
  async oversells(): Promise<Sample[]> {
    return this.samples(`SELECT channel AS partner, count(*) AS value FROM oversell_events GROUP BY 1`);
  }

  /** 0 closed, 1 half-open (the next poll is the trial), 2 open; as the ops API reports it. */
  async sftpMailboxes(): Promise<{ circuit: Sample[]; failures: Sample[] }> {
    const rows: Array<{ partner: string; circuit: number; failures: number }> = await this.dataSource.query(`
      SELECT partner_id AS partner, CASE WHEN circuit_open_until IS NULL THEN 0 WHEN circuit_open_until > now() THEN 2 ELSE 1 END AS circuit,
             consecutive_failures AS failures FROM sftp_mailboxes`);
    return {
      circuit: rows.map((r) => ({ labels: { partner: r.partner }, value: Number(r.circuit) })),
      failures: rows.map((r) => ({ labels: { partner: r.partner }, value: Number(r.failures) })),
    };
  }

  /** Rows of label columns and a `value` column (count(*) comes back from pg as a string). */
  private async samples(sql: string): Promise<Sample[]> {
    const rows: Array<Record<string, string>> = await this.dataSource.query(sql);
    return rows.map(({ value, ...labels }) => ({ labels, value: Number(value) }));
  }
}

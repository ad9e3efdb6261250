import { normalizeDecimal } from '@tradewire/canonical';
import { EntityManager } from 'typeorm';
import { isCommitment, Movement } from './movements';

/** One order's allocation or one supplier shipment's in-transit quantity, for one item at one location. */
export interface Commitment {
  opened: string;
  closed: string;
  /** Time of the newest revision (940 change) applied: older opens are superseded by it. */
  revisedAt: Date | null;
}

interface CommitmentRow {
  bucket: Movement['bucket'];
  reference: string;
  sku: string;
  location: string;
  opened: string;
  closed: string;
  revised_at: Date | null;
}

export function commitmentKey(mv: Pick<Movement, 'bucket' | 'reference' | 'sku' | 'location'>): string {
  return [mv.bucket, mv.reference ?? '', mv.sku, mv.location].join('\u0000');
}

/**
 * The commitments an event touches, locked for its transaction (in key order, after the balances),
 * changed in memory by the ledger, then written back in one statement. Commitments belong to the
 * partner of the event: the 3PL for orders (940 and 945 both go to and come from it), the supplier
 * for shipments (its 856, and the receipt that names it).
 */
export class CommitmentStore {
  private readonly rows = new Map<string, Commitment>();

  constructor(private readonly m: EntityManager, private readonly partner: string) {}

  async lock(movements: readonly Movement[]): Promise<void> {
    const keys = [...new Set(movements.filter(isCommitment).map(commitmentKey))].sort();
    if (keys.length === 0) return;
    const columns = [0, 1, 2, 3].map((i) => keys.map((k) => k.split('\u0000')[i]));
    await this.m.query(
      `INSERT INTO inventory_commitments (partner, bucket, reference, sku, location) SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) ON CONFLICT DO NOTHING`,
      [this.partner, ...columns],
    );
    const rows = (await this.m.query(
      `SELECT bucket, reference, sku, location, opened, closed, revised_at FROM inventory_commitments
       WHERE partner = $1 AND (bucket, reference, sku, location) IN (SELECT * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]))
       ORDER BY bucket, reference, sku, location FOR UPDATE`,
      [this.partner, ...columns],
    )) as CommitmentRow[];
    for (const r of rows) this.rows.set(commitmentKey(r), { opened: normalizeDecimal(r.opened), closed: normalizeDecimal(r.closed), revisedAt: r.revised_at });
  }

  get(key: string): Commitment {
    const row = this.rows.get(key);
    if (row === undefined) throw new Error('commitment not locked');
    return row;
  }

  async saveAll(): Promise<void> {
    if (this.rows.size === 0) return;
    const entries = [...this.rows.entries()];
    const columns = [0, 1, 2, 3].map((i) => entries.map(([k]) => k.split('\u0000')[i]));
    await this.m.query(
      `UPDATE inventory_commitments c SET opened = u.opened, closed = u.closed, revised_at = u.revised_at, updated_at = now()
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::numeric[], $7::numeric[], $8::timestamptz[]) AS u(bucket, reference, sku, location, opened, closed, revised_at)
       WHERE c.partner = $1 AND c.bucket = u.bucket AND c.reference = u.reference AND c.sku = u.sku AND c.location = u.location`,
      [this.partner, ...columns, entries.map(([, c]) => c.opened), entries.map(([, c]) => c.closed), entries.map(([, c]) => c.revisedAt)],
    );
  }
}

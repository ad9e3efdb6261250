import { normalizeDecimal } from '@tradewire/canonical';
import { prepared } from '@tradewire/persistence';
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
  partner: string;
  bucket: Movement['bucket'];
  reference: string;
  sku: string;
  location: string;
  opened: string;
  closed: string;
  revised_at: Date | null;
}

/** The movements of one event, with the partner whose commitments they touch. */
export interface PartnerMovements {
  readonly partner: string;
  readonly movements: readonly Movement[];
}

/** A commitment's identity: partner, bucket, reference, item, location (in that order; the lock order). */
export function commitmentKey(partner: string, mv: Pick<Movement, 'bucket' | 'reference' | 'sku' | 'location'>): string {
  return [partner, mv.bucket, mv.reference ?? '', mv.sku, mv.location].join('\u0000');
}

/**
 * The commitments a batch of events touches, locked for its transaction (in key order, before the
 * balances), changed in memory by the ledger, then written back with the movements and balances.
 * Commitments belong to the partner of the event: the 3PL for orders (940 and 945 both go to and
 * come from it), the supplier for shipments (its 856, and the receipt that names it).
 */
export class CommitmentStore {
  private readonly rows = new Map<string, Commitment>();

  constructor(private readonly m: EntityManager) {}

  async lock(events: readonly PartnerMovements[]): Promise<void> {
    const keys = [...new Set(events.flatMap((e) => e.movements.filter(isCommitment).map((mv) => commitmentKey(e.partner, mv))))].sort();
    if (keys.length === 0) return;
    // One statement makes the missing rows and locks them all (DO UPDATE locks an existing row and returns it).
    const rows = await prepared<CommitmentRow>(
      this.m,
      `INSERT INTO inventory_commitments (partner, bucket, reference, sku, location) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
       ON CONFLICT (partner, bucket, reference, sku, location) DO UPDATE SET updated_at = inventory_commitments.updated_at
       RETURNING partner, bucket, reference, sku, location, opened, closed, revised_at`,
      columnsOf(keys),
    );
    for (const r of rows) this.rows.set(commitmentKey(r.partner, r), { opened: normalizeDecimal(r.opened), closed: normalizeDecimal(r.closed), revisedAt: r.revised_at });
  }

  get(key: string): Commitment {
    const row = this.rows.get(key);
    if (row === undefined) throw new Error('commitment not locked');
    return row;
  }

  /** The commitments as changed, for the write that saves them (ledger-writer's one statement): key columns, then opened, closed, revised. */
  changed(): { keys: string[][]; opened: string[]; closed: string[]; revisedAt: Array<Date | null> } {
    const entries = [...this.rows.entries()];
    return {
      keys: columnsOf(entries.map(([k]) => k)),
      opened: entries.map(([, c]) => c.opened), closed: entries.map(([, c]) => c.closed), revisedAt: entries.map(([, c]) => c.revisedAt),
    };
  }
}

/** Keys split into their five columns, as arrays for `unnest`. */
function columnsOf(keys: readonly string[]): string[][] {
  const split = keys.map((k) => k.split('\u0000'));
  return [0, 1, 2, 3, 4].map((i) => split.map((parts) => parts[i]));
}

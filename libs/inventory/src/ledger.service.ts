import { addDecimal, CanonicalEvent, compareDecimal, DecimalString, normalizeDecimal, subtractDecimal } from '@tradewire/canonical';
import { DataSource, EntityManager } from 'typeorm';
import { availableToPromise, Balance, Movement, planMovements } from './movements';

export type ApplyOutcome =
  | { readonly status: 'applied'; readonly movements: number; readonly superseded: number; readonly variances: number }
  | { readonly status: 'duplicate' }
  | { readonly status: 'held'; readonly reason: string };

interface BalanceRow {
  on_hand: string;
  allocated: string;
  in_transit: string;
  on_hold: string;
  last_snapshot_at: Date | null;
}

/**
 * Applies canonical events to the ledger exactly once. The event's idempotency key is claimed first,
 * by a primary key: a second copy, a replay or a racing worker finds it taken and changes nothing.
 * Movements and balances are written in the same transaction, so a worker killed mid-apply leaves
 * nothing half done. Balance rows are locked in a fixed order, so concurrent events cannot deadlock.
 */
export class LedgerService {
  constructor(private readonly dataSource: DataSource) {}

  async apply(event: CanonicalEvent): Promise<ApplyOutcome> {
    return this.dataSource.transaction(async (m) => {
      const claimed = await m.query(
        `INSERT INTO applied_events (idempotency_key, type, partner, occurred_at, status) VALUES ($1, $2, $3, $4, 'applying')
         ON CONFLICT (idempotency_key) DO UPDATE SET status = 'applying', reason = NULL WHERE applied_events.status = 'held'
         RETURNING idempotency_key`,
        [event.idempotencyKey, event.type, event.source.partner, event.occurredAt],
      );
      if (claimed.length === 0) return { status: 'duplicate' };
      const plan = planMovements(event);
      if ('held' in plan) {
        await m.query(`UPDATE applied_events SET status = 'held', reason = $2 WHERE idempotency_key = $1`, [event.idempotencyKey, plan.held]);
        return { status: 'held', reason: plan.held };
      }
      const result = await this.write(m, event, plan.movements);
      await m.query(`UPDATE applied_events SET status = 'applied' WHERE idempotency_key = $1`, [event.idempotencyKey]);
      return { status: 'applied', ...result };
    });
  }

  async balance(sku: string, location: string): Promise<Balance & { availableToPromise: DecimalString }> {
    const [row] = (await this.dataSource.query(`SELECT on_hand, allocated, in_transit, on_hold FROM inventory_balances WHERE sku = $1 AND location = $2`, [sku, location])) as BalanceRow[];
    const b = row === undefined ? { onHand: '0', allocated: '0', inTransit: '0', onHold: '0' } : toBalance(row);
    return { ...b, availableToPromise: availableToPromise(b) };
  }

  /** An item at every location, with the total across them. */
  async availability(sku: string): Promise<{ sku: string; locations: Array<Balance & { location: string; availableToPromise: DecimalString }>; total: Balance & { availableToPromise: DecimalString } }> {
    const rows = (await this.dataSource.query(`SELECT location, on_hand, allocated, in_transit, on_hold FROM inventory_balances WHERE sku = $1 ORDER BY location`, [sku])) as Array<BalanceRow & { location: string }>;
    const locations = rows.map((r) => {
      const b = toBalance(r);
      return { location: r.location, ...b, availableToPromise: availableToPromise(b) };
    });
    const sum = (k: keyof Balance) => locations.reduce((acc, l) => addDecimal(acc, l[k]), '0');
    const total: Balance = { onHand: sum('onHand'), allocated: sum('allocated'), inTransit: sum('inTransit'), onHold: sum('onHold') };
    return { sku, locations, total: { ...total, availableToPromise: availableToPromise(total) } };
  }

  /** The ledger of an item, newest first: every movement with the event that caused it. */
  async history(sku: string, location?: string, limit = 200): Promise<Array<{ at: Date; occurredAt: Date; location: string; bucket: string; kind: string; quantity: string; before: string; after: string; idempotencyKey: string; line: number }>> {
    const rows = await this.dataSource.query(
      `SELECT recorded_at, occurred_at, location, bucket, kind, quantity, before, after, idempotency_key, line FROM inventory_movements
       WHERE sku = $1 AND ($2::text IS NULL OR location = $2) ORDER BY id DESC LIMIT $3`,
      [sku, location ?? null, Math.min(Math.max(limit, 1), 1000)],
    );
    return rows.map((r: Record<string, unknown>) => ({
      at: r.recorded_at as Date, occurredAt: r.occurred_at as Date, location: r.location as string, bucket: r.bucket as string, kind: r.kind as string,
      quantity: normalizeDecimal(r.quantity as string), before: normalizeDecimal(r.before as string), after: normalizeDecimal(r.after as string),
      idempotencyKey: r.idempotency_key as string, line: r.line as number,
    }));
  }

  /** Open reconciliation variances: where a partner's full snapshot disagreed with the ledger. */
  async variances(limit = 200): Promise<Array<{ id: string; sku: string; location: string; bucket: string; ledger: string; reported: string; variance: string; occurredAt: Date; idempotencyKey: string }>> {
    const rows = await this.dataSource.query(
      `SELECT id, sku, location, bucket, ledger, reported, variance, occurred_at, idempotency_key FROM reconciliation_variances WHERE NOT resolved ORDER BY occurred_at DESC, id DESC LIMIT $1`,
      [Math.min(Math.max(limit, 1), 1000)],
    );
    return rows.map((r: Record<string, unknown>) => ({
      id: String(r.id), sku: r.sku as string, location: r.location as string, bucket: r.bucket as string, ledger: normalizeDecimal(r.ledger as string),
      reported: normalizeDecimal(r.reported as string), variance: normalizeDecimal(r.variance as string), occurredAt: r.occurred_at as Date, idempotencyKey: r.idempotency_key as string,
    }));
  }

  private async write(m: EntityManager, event: CanonicalEvent, movements: readonly Movement[]): Promise<{ movements: number; superseded: number; variances: number }> {
    const items = [...new Set(movements.map((mv) => `${mv.sku}\u0000${mv.location}`))].sort();
    const balances = new Map<string, { balance: Balance; lastSnapshotAt: Date | null }>();
    for (const key of items) balances.set(key, await this.lock(m, key));
    let superseded = 0;
    let variances = 0;
    const snapshotAt = new Date(event.occurredAt);
    for (const mv of orderForSettling(movements)) {
      const key = `${mv.sku}\u0000${mv.location}`;
      const state = balances.get(key) as { balance: Balance; lastSnapshotAt: Date | null };
      const before = state.balance[mv.bucket];
      // An older full snapshot after a newer one changes nothing: document time decides, not arrival.
      if (mv.kind !== 'delta' && state.lastSnapshotAt !== null && state.lastSnapshotAt > snapshotAt) {
        await this.record(m, event, mv, 'superseded', before, before);
        superseded++;
        continue;
      }
      const after = settle(mv, state.balance);
      if (mv.kind !== 'delta' && compareDecimal(before, after) !== 0) {
        await m.query(
          `INSERT INTO reconciliation_variances (idempotency_key, sku, location, bucket, ledger, reported, variance, occurred_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [event.idempotencyKey, mv.sku, mv.location, mv.bucket, before, after, subtractDecimal(after, before), event.occurredAt],
        );
        variances++;
      }
      state.balance = { ...state.balance, [mv.bucket]: after };
      if (mv.kind !== 'delta') state.lastSnapshotAt = snapshotAt;
      await this.record(m, event, mv, mv.kind, before, after);
    }
    for (const [key, { balance, lastSnapshotAt }] of balances) await this.save(m, key, balance, lastSnapshotAt);
    return { movements: movements.length - superseded, superseded, variances };
  }

  private async lock(m: EntityManager, key: string): Promise<{ balance: Balance; lastSnapshotAt: Date | null }> {
    const [sku, location] = key.split('\u0000');
    await m.query(`INSERT INTO inventory_balances (sku, location) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [sku, location]);
    const [row] = (await m.query(`SELECT on_hand, allocated, in_transit, on_hold, last_snapshot_at FROM inventory_balances WHERE sku = $1 AND location = $2 FOR UPDATE`, [sku, location])) as BalanceRow[];
    return { balance: toBalance(row), lastSnapshotAt: row.last_snapshot_at };
  }

  private async save(m: EntityManager, key: string, b: Balance, lastSnapshotAt: Date | null): Promise<void> {
    const [sku, location] = key.split('\u0000');
    await m.query(
      `UPDATE inventory_balances SET on_hand = $3, allocated = $4, in_transit = $5, on_hold = $6, last_snapshot_at = $7, updated_at = now() WHERE sku = $1 AND location = $2`,
      [sku, location, b.onHand, b.allocated, b.inTransit, b.onHold, lastSnapshotAt],
    );
  }

  private async record(m: EntityManager, event: CanonicalEvent, mv: Movement, kind: string, before: DecimalString, after: DecimalString): Promise<void> {
    await m.query(
      `INSERT INTO inventory_movements (idempotency_key, line, sku, location, bucket, kind, quantity, before, after, occurred_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [event.idempotencyKey, mv.line, mv.sku, mv.location, mv.bucket, kind, mv.quantity, before, after, event.occurredAt],
    );
  }
}

/** `set-available` depends on allocated and on hold, so it settles after the other movements of its line. */
function orderForSettling(movements: readonly Movement[]): Movement[] {
  return [...movements.filter((mv) => mv.kind !== 'set-available'), ...movements.filter((mv) => mv.kind === 'set-available')];
}

function settle(mv: Movement, b: Balance): DecimalString {
  switch (mv.kind) {
    case 'delta': {
      const after = addDecimal(b[mv.bucket], mv.quantity);
      // A release of more than is allocated (a 945 for an order whose 940 we never recorded) stops at
      // zero: allocations are not yet tracked per order, so the excess has nothing to release.
      return mv.bucket === 'allocated' && compareDecimal(after, '0') < 0 ? '0' : after;
    }
    case 'set': return normalizeDecimal(mv.quantity);
    case 'set-available': return addDecimal(addDecimal(mv.quantity, b.allocated), b.onHold);
  }
}

function toBalance(row: BalanceRow): Balance {
  return { onHand: normalizeDecimal(row.on_hand), allocated: normalizeDecimal(row.allocated), inTransit: normalizeDecimal(row.in_transit), onHold: normalizeDecimal(row.on_hold) };
}

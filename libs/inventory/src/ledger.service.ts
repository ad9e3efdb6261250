import { addDecimal, compareDecimal, DecimalString, normalizeDecimal, subtractDecimal } from '@tradewire/canonical';
import { DataSource, EntityManager } from 'typeorm';
import { Commitment, CommitmentStore, commitmentKey } from './commitments';
import { LedgerEvent } from './goods-received';
import { availableToPromise, Balance, isCommitment, Movement, outstanding, planMovements } from './movements';

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

  /** `alongside` runs in the same transaction when the event applies (an operator's audit entry, say). */
  async apply(event: LedgerEvent, alongside?: (m: EntityManager) => Promise<void>): Promise<ApplyOutcome> {
    return this.dataSource.transaction(async (m) => {
      const outcome = await this.applyIn(m, event);
      if (outcome.status === 'applied' && alongside !== undefined) await alongside(m);
      return outcome;
    });
  }

  /** Applies inside the caller's transaction (an order placed and its 940 stored commit together). */
  async applyIn(m: EntityManager, event: LedgerEvent): Promise<ApplyOutcome> {
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
  }

  async balance(sku: string, location: string): Promise<Balance & { availableToPromise: DecimalString }> {
    const [row] = (await this.dataSource.query(`SELECT on_hand, allocated, in_transit, on_hold FROM inventory_balances WHERE sku = $1 AND location = $2`, [sku, location])) as BalanceRow[];
    const b = row === undefined ? { onHand: '0', allocated: '0', inTransit: '0', onHold: '0' } : toBalance(row);
    return { ...b, availableToPromise: availableToPromise(b) };
  }

  /** An item at every location (or at those of `within`), with the total across them. */
  async availability(sku: string, within?: readonly string[]): Promise<{ sku: string; locations: Array<Balance & { location: string; availableToPromise: DecimalString }>; total: Balance & { availableToPromise: DecimalString } }> {
    const rows = (await this.dataSource.query(
      `SELECT location, on_hand, allocated, in_transit, on_hold FROM inventory_balances WHERE sku = $1 AND ($2::text[] IS NULL OR location = ANY($2)) ORDER BY location`,
      [sku, within ?? null],
    )) as Array<BalanceRow & { location: string }>;
    const locations = rows.map((r) => {
      const b = toBalance(r);
      return { location: r.location, ...b, availableToPromise: availableToPromise(b) };
    });
    const sum = (k: keyof Balance) => locations.reduce((acc, l) => addDecimal(acc, l[k]), '0');
    const total: Balance = { onHand: sum('onHand'), allocated: sum('allocated'), inTransit: sum('inTransit'), onHold: sum('onHold') };
    return { sku, locations, total: { ...total, availableToPromise: availableToPromise(total) } };
  }

  /** The ledger of an item, newest first: every movement with the event that caused it (at `within` only, when given). */
  async history(sku: string, location?: string, limit = 200, within?: readonly string[]): Promise<Array<{ at: Date; occurredAt: Date; location: string; bucket: string; kind: string; quantity: string; before: string; after: string; idempotencyKey: string; line: number }>> {
    const rows = await this.dataSource.query(
      `SELECT recorded_at, occurred_at, location, bucket, kind, quantity, before, after, idempotency_key, line FROM inventory_movements
       WHERE sku = $1 AND ($2::text IS NULL OR location = $2) AND ($4::text[] IS NULL OR location = ANY($4)) ORDER BY id DESC LIMIT $3`,
      [sku, location ?? null, Math.min(Math.max(limit, 1), 1000), within ?? null],
    );
    return rows.map((r: Record<string, unknown>) => ({
      at: r.recorded_at as Date, occurredAt: r.occurred_at as Date, location: r.location as string, bucket: r.bucket as string, kind: r.kind as string,
      quantity: normalizeDecimal(r.quantity as string), before: normalizeDecimal(r.before as string), after: normalizeDecimal(r.after as string),
      idempotencyKey: r.idempotency_key as string, line: r.line as number,
    }));
  }

  /** Open reconciliation variances: where a partner's full snapshot disagreed with the ledger (one partner's, when given). */
  async variances(limit = 200, partner?: string): Promise<Array<{ id: string; sku: string; location: string; bucket: string; ledger: string; reported: string; variance: string; occurredAt: Date; idempotencyKey: string }>> {
    const rows = await this.dataSource.query(
      `SELECT v.id, v.sku, v.location, v.bucket, v.ledger, v.reported, v.variance, v.occurred_at, v.idempotency_key FROM reconciliation_variances v JOIN applied_events e USING (idempotency_key)
       WHERE NOT v.resolved AND ($2::text IS NULL OR e.partner = $2) ORDER BY v.occurred_at DESC, v.id DESC LIMIT $1`,
      [Math.min(Math.max(limit, 1), 1000), partner ?? null],
    );
    return rows.map((r: Record<string, unknown>) => ({
      id: String(r.id), sku: r.sku as string, location: r.location as string, bucket: r.bucket as string, ledger: normalizeDecimal(r.ledger as string),
      reported: normalizeDecimal(r.reported as string), variance: normalizeDecimal(r.variance as string), occurredAt: r.occurred_at as Date, idempotencyKey: r.idempotency_key as string,
    }));
  }

  /**
   * Locks the balances the movements touch (one statement, in key order), then the commitments,
   * settles every movement in memory, then writes movements, variances, commitments and balances
   * with one statement each: an 846 of 100,000 lines is a handful of round trips, not hundreds of
   * thousands. Balances are always locked before commitments, so two events cannot deadlock.
   */
  private async write(m: EntityManager, event: LedgerEvent, movements: readonly Movement[]): Promise<{ movements: number; superseded: number; variances: number }> {
    const balances = await this.lockAll(m, movements);
    const commitments = new CommitmentStore(m, event.source.partner);
    await commitments.lock(movements);
    const at = new Date(event.occurredAt);
    const rows: MovementRow[] = [];
    const variances: VarianceRow[] = [];
    for (const mv of orderForSettling(movements)) {
      const state = balances.get(keyOf(mv.sku, mv.location)) as BalanceState;
      const before = state.balance[mv.bucket];
      const after = isCommitment(mv) ? settleCommitment(mv, commitments.get(commitmentKey(mv)), at, before) : settleStock(mv, state, at);
      if (after === SUPERSEDED) {
        rows.push({ mv, kind: 'superseded', before, after: before });
        continue;
      }
      if ((mv.kind === 'set' || mv.kind === 'set-available') && compareDecimal(before, after) !== 0) variances.push({ mv, before, after });
      state.balance = { ...state.balance, [mv.bucket]: after };
      if (mv.kind === 'set' || mv.kind === 'set-available') state.lastSnapshotAt = at;
      rows.push({ mv, kind: mv.kind, before, after });
    }
    await this.insertMovements(m, event, rows);
    await this.insertVariances(m, event, variances);
    await commitments.saveAll();
    await this.saveAll(m, balances);
    const superseded = rows.filter((r) => r.kind === 'superseded').length;
    return { movements: rows.length - superseded, superseded, variances: variances.length };
  }

  private async lockAll(m: EntityManager, movements: readonly Movement[]): Promise<Map<string, BalanceState>> {
    const keys = [...new Set(movements.map((mv) => keyOf(mv.sku, mv.location)))].sort();
    const skus = keys.map((k) => k.split('\u0000')[0]);
    const locations = keys.map((k) => k.split('\u0000')[1]);
    await m.query(`INSERT INTO inventory_balances (sku, location) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING`, [skus, locations]);
    const rows = (await m.query(
      `SELECT sku, location, on_hand, allocated, in_transit, on_hold, last_snapshot_at FROM inventory_balances
       WHERE (sku, location) IN (SELECT * FROM unnest($1::text[], $2::text[])) ORDER BY sku, location FOR UPDATE`,
      [skus, locations],
    )) as Array<BalanceRow & { sku: string; location: string }>;
    return new Map(rows.map((r) => [keyOf(r.sku, r.location), { balance: toBalance(r), lastSnapshotAt: r.last_snapshot_at }]));
  }

  private async insertMovements(m: EntityManager, event: LedgerEvent, rows: readonly MovementRow[]): Promise<void> {
    if (rows.length === 0) return;
    await m.query(
      `INSERT INTO inventory_movements (idempotency_key, line, sku, location, bucket, kind, quantity, before, after, occurred_at, reference)
       SELECT $1, u.line, u.sku, u.location, u.bucket, u.kind, u.quantity, u.before, u.after, $9::timestamptz, u.reference
       FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::numeric[], $8::numeric[], $10::numeric[], $11::text[])
         AS u(line, sku, location, bucket, kind, quantity, before, after, reference)`,
      [
        event.idempotencyKey, rows.map((r) => r.mv.line), rows.map((r) => r.mv.sku), rows.map((r) => r.mv.location), rows.map((r) => r.mv.bucket),
        rows.map((r) => r.kind), rows.map((r) => r.mv.quantity), rows.map((r) => r.before), event.occurredAt, rows.map((r) => r.after), rows.map((r) => r.mv.reference ?? null),
      ],
    );
  }

  private async insertVariances(m: EntityManager, event: LedgerEvent, rows: readonly VarianceRow[]): Promise<void> {
    if (rows.length === 0) return;
    await m.query(
      `INSERT INTO reconciliation_variances (idempotency_key, sku, location, bucket, ledger, reported, variance, occurred_at)
       SELECT $1, u.sku, u.location, u.bucket, u.ledger, u.reported, u.reported - u.ledger, $7::timestamptz
       FROM unnest($2::text[], $3::text[], $4::text[], $5::numeric[], $6::numeric[]) AS u(sku, location, bucket, ledger, reported)`,
      [event.idempotencyKey, rows.map((r) => r.mv.sku), rows.map((r) => r.mv.location), rows.map((r) => r.mv.bucket), rows.map((r) => r.before), rows.map((r) => r.after), event.occurredAt],
    );
  }

  private async saveAll(m: EntityManager, balances: ReadonlyMap<string, BalanceState>): Promise<void> {
    const entries = [...balances.entries()];
    await m.query(
      `UPDATE inventory_balances b SET on_hand = u.on_hand, allocated = u.allocated, in_transit = u.in_transit, on_hold = u.on_hold, last_snapshot_at = u.last_snapshot_at, updated_at = now()
       FROM unnest($1::text[], $2::text[], $3::numeric[], $4::numeric[], $5::numeric[], $6::numeric[], $7::timestamptz[]) AS u(sku, location, on_hand, allocated, in_transit, on_hold, last_snapshot_at)
       WHERE b.sku = u.sku AND b.location = u.location`,
      [
        entries.map(([k]) => k.split('\u0000')[0]), entries.map(([k]) => k.split('\u0000')[1]),
        entries.map(([, s]) => s.balance.onHand), entries.map(([, s]) => s.balance.allocated), entries.map(([, s]) => s.balance.inTransit), entries.map(([, s]) => s.balance.onHold),
        entries.map(([, s]) => s.lastSnapshotAt),
      ],
    );
  }
}

interface BalanceState {
  balance: Balance;
  lastSnapshotAt: Date | null;
}

interface MovementRow {
  readonly mv: Movement;
  readonly kind: string;
  readonly before: DecimalString;
  readonly after: DecimalString;
}

interface VarianceRow {
  readonly mv: Movement;
  readonly before: DecimalString;
  readonly after: DecimalString;
}

function keyOf(sku: string, location: string): string {
  return `${sku}\u0000${location}`;
}

/** `set-available` depends on allocated and on hold, so it settles after the other movements of its line. */
function orderForSettling(movements: readonly Movement[]): Movement[] {
  return [...movements.filter((mv) => mv.kind !== 'set-available'), ...movements.filter((mv) => mv.kind === 'set-available')];
}

const SUPERSEDED = Symbol('superseded');

/**
 * Stock movements. Document time decides, not arrival: a full snapshot is the truth as of its time,
 * so an older snapshot after a newer one changes nothing. An on-hand movement (945, receipt, delta
 * 846) is already counted in a newer snapshot only when it is dated before the snapshot's day: 945s
 * usually carry a date without a time (W0603), and one shipped later that day must still count, or
 * every channel would be offered stock that has left. Same-day movements therefore always apply
 * (the next snapshot corrects any double count and records the variance).
 */
function settleStock(mv: Movement, state: BalanceState, at: Date): DecimalString | typeof SUPERSEDED {
  const last = state.lastSnapshotAt;
  if (last !== null && mv.kind !== 'delta' && last > at) return SUPERSEDED;
  if (last !== null && mv.kind === 'delta' && mv.bucket === 'onHand' && at.getTime() < startOfDay(last)) return SUPERSEDED;
  const b = state.balance;
  switch (mv.kind) {
    case 'delta': return addDecimal(b[mv.bucket], mv.quantity);
    case 'set': return normalizeDecimal(mv.quantity);
    case 'set-available': return addDecimal(addDecimal(mv.quantity, b.allocated), b.onHold);
    default: throw new Error(`${mv.kind} is a commitment movement`);
  }
}

function startOfDay(d: Date): number {
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
}

/**
 * Commitment movements change the bucket by the change in what the commitment holds, max(0, opened −
 * closed). Opening and closing only add, so their order does not matter; a revision (a 940 change)
 * restates the quantity and wins over anything opened before its time. The bucket never goes below
 * zero (a snapshot may have set in transit lower than the shipments still open).
 */
function settleCommitment(mv: Movement, c: Commitment, at: Date, before: DecimalString): DecimalString | typeof SUPERSEDED {
  if (mv.kind !== 'close' && c.revisedAt !== null && c.revisedAt > at) return SUPERSEDED;
  const held = outstanding(c.opened, c.closed);
  if (mv.kind === 'open') c.opened = addDecimal(c.opened, mv.quantity);
  else if (mv.kind === 'close') c.closed = addDecimal(c.closed, mv.quantity);
  else {
    c.opened = normalizeDecimal(mv.quantity);
    c.revisedAt = at;
  }
  const after = addDecimal(before, subtractDecimal(outstanding(c.opened, c.closed), held));
  return compareDecimal(after, '0') < 0 ? '0' : after;
}

function toBalance(row: BalanceRow): Balance {
  return { onHand: normalizeDecimal(row.on_hand), allocated: normalizeDecimal(row.allocated), inTransit: normalizeDecimal(row.in_transit), onHold: normalizeDecimal(row.on_hold) };
}

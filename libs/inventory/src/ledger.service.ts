import { addDecimal, DecimalString, normalizeDecimal } from '@tradewire/canonical';
import { prepared } from '@tradewire/persistence';
import { DataSource, EntityManager } from 'typeorm';
import { LedgerEvent } from './goods-received';
import { toBalance, writeMovements } from './ledger-writer';
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

  /**
   * `alongside` runs in the same transaction when the event applies (an operator's audit entry, what
   * the event settles of what we sent), before any balance is locked: it holds no hot row longer.
   */
  async apply(event: LedgerEvent, alongside?: (m: EntityManager) => Promise<void>): Promise<ApplyOutcome> {
    return this.dataSource.transaction((m) => this.applyIn(m, event, alongside));
  }

  /** Applies inside the caller's transaction (an order placed and its 940 stored commit together). */
  async applyIn(m: EntityManager, event: LedgerEvent, alongside?: (m: EntityManager) => Promise<void>): Promise<ApplyOutcome> {
    const [outcome] = await this.applyAllIn(m, [event], alongside === undefined ? undefined : (tx) => alongside(tx));
    return outcome;
  }

  /**
   * Applies a batch of events in one transaction, one after the other in the order given: the same
   * figures as one transaction each, for a handful of statements in all instead of a handful each
   * (group commit: the apply stage hands the ledger what its jobs brought at once). All or nothing:
   * when it throws, no event of the batch has been applied. `alongside` is called once, with the
   * events that apply (not the duplicates, not the held ones), before any balance is locked.
   */
  async applyAll(events: readonly LedgerEvent[], alongside?: (m: EntityManager, applying: LedgerEvent[]) => Promise<void>): Promise<ApplyOutcome[]> {
    return this.dataSource.transaction((m) => this.applyAllIn(m, events, alongside));
  }

  async applyAllIn(m: EntityManager, events: readonly LedgerEvent[], alongside?: (m: EntityManager, applying: LedgerEvent[]) => Promise<void>): Promise<ApplyOutcome[]> {
    const claimed = await claim(m, events);
    const outcomes: ApplyOutcome[] = events.map(() => ({ status: 'duplicate' }));
    const held: Array<{ key: string; reason: string }> = [];
    const planned: Array<{ index: number; event: LedgerEvent; movements: Movement[] }> = [];
    events.forEach((event, index) => {
      if (!claimed.has(index)) return;
      const plan = planMovements(event);
      if ('held' in plan) {
        held.push({ key: event.idempotencyKey, reason: plan.held });
        outcomes[index] = { status: 'held', reason: plan.held };
      } else planned.push({ index, event, movements: plan.movements });
    });
    if (held.length > 0) {
      await m.query(`UPDATE applied_events a SET status = 'held', reason = h.reason FROM unnest($1::text[], $2::text[]) AS h(key, reason) WHERE a.idempotency_key = h.key`, [held.map((h) => h.key), held.map((h) => h.reason)]);
    }
    if (planned.length === 0) return outcomes;
    if (alongside !== undefined) await alongside(m, planned.map((p) => p.event));
    const written = await writeMovements(m, planned);
    planned.forEach((p, i) => (outcomes[p.index] = { status: 'applied', ...written[i] }));
    return outcomes;
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
}

/**
 * Claims the events' keys as applied at once (the transaction makes it true or leaves no row): the
 * indexes of the events this transaction owns. A key taken before (a second copy, a replay, a racing
 * worker) is not claimed, nor a key seen earlier in the same batch; a held event is claimed again.
 */
async function claim(m: EntityManager, events: readonly LedgerEvent[]): Promise<Set<number>> {
  const first = new Map<string, number>();
  events.forEach((e, i) => {
    if (!first.has(e.idempotencyKey)) first.set(e.idempotencyKey, i);
  });
  // In key order: two batches claiming the same keys at once wait for each other in the same order (no deadlock).
  const unique = [...first.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, i]) => events[i]);
  const rows = await prepared<{ idempotency_key: string }>(
    m,
    `INSERT INTO applied_events (idempotency_key, type, partner, occurred_at, status)
     SELECT *, 'applied' FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[])
     ON CONFLICT (idempotency_key) DO UPDATE SET status = 'applied', reason = NULL WHERE applied_events.status = 'held'
     RETURNING idempotency_key`,
    [unique.map((e) => e.idempotencyKey), unique.map((e) => e.type), unique.map((e) => e.source.partner), unique.map((e) => e.occurredAt)],
  );
  return new Set(rows.map((r) => first.get(r.idempotency_key) as number));
}

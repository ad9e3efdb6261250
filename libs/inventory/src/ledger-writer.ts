import { addDecimal, compareDecimal, DecimalString, normalizeDecimal, subtractDecimal } from '@tradewire/canonical';
import { prepared } from '@tradewire/persistence';
import { EntityManager } from 'typeorm';
import { Commitment, CommitmentStore, commitmentKey } from './commitments';
import { LedgerEvent } from './goods-received';
import { Balance, isCommitment, Movement, outstanding } from './movements';

export interface WriteResult {
  readonly movements: number;
  readonly superseded: number;
  readonly variances: number;
}

interface BalanceState {
  balance: Balance;
  lastSnapshotAt: Date | null;
}

interface MovementRow {
  readonly event: LedgerEvent;
  readonly mv: Movement;
  readonly kind: string;
  readonly before: DecimalString;
  readonly after: DecimalString;
}

/** An event to write, with the movements planned for it. */
export interface PlannedEvent {
  readonly event: LedgerEvent;
  readonly movements: readonly Movement[];
}

const SUPERSEDED = Symbol('superseded');

/**
 * Writes the movements of a batch of events, settled one event after the other in the order given
 * (exactly as if each had its own transaction, in that order). A balance row can be hot (every 945
 * of a best seller touches it), and whoever holds its lock makes everyone else wait, and every round
 * trip costs (a busy worker answers late): the commitments are locked and settled first, then the
 * balances are locked (one statement when the rows exist) and settled in memory, and movements,
 * variances, commitments and balances are written by one statement, however many events the batch
 * has. Commitments before balances, each in key order, in every transaction: concurrent batches
 * cannot deadlock.
 */
export async function writeMovements(m: EntityManager, planned: readonly PlannedEvent[]): Promise<WriteResult[]> {
  const commitments = new CommitmentStore(m);
  const changes = await settleCommitments(commitments, planned);
  const balances = await lockBalances(m, planned.flatMap((p) => p.movements));
  const rows: MovementRow[] = [];
  const variances: MovementRow[] = [];
  const results = planned.map(({ event, movements }) => {
    const at = new Date(event.occurredAt);
    let moved = 0;
    let superseded = 0;
    let varied = 0;
    for (const mv of orderForSettling(movements)) {
      const state = balances.get(keyOf(mv.sku, mv.location)) as BalanceState;
      const before = state.balance[mv.bucket];
      const change = changes.get(mv);
      const after = change === undefined ? settleStock(mv, state, at) : change === SUPERSEDED ? SUPERSEDED : atLeastZero(addDecimal(before, change));
      if (after === SUPERSEDED) {
        rows.push({ event, mv, kind: 'superseded', before, after: before });
        superseded++;
        continue;
      }
      const snapshot = mv.kind === 'set' || mv.kind === 'set-available';
      if (snapshot && compareDecimal(before, after) !== 0) {
        variances.push({ event, mv, kind: mv.kind, before, after });
        varied++;
      }
      state.balance = { ...state.balance, [mv.bucket]: after };
      if (snapshot) state.lastSnapshotAt = at;
      rows.push({ event, mv, kind: mv.kind, before, after });
      moved++;
    }
    return { movements: moved, superseded, variances: varied };
  });
  await writeAll(m, rows, variances, balances, commitments);
  return results;
}

/** The change each commitment movement makes to its bucket (or SUPERSEDED), settled in batch order; the commitments are locked first. */
async function settleCommitments(commitments: CommitmentStore, planned: readonly PlannedEvent[]): Promise<Map<Movement, DecimalString | typeof SUPERSEDED>> {
  const changes = new Map<Movement, DecimalString | typeof SUPERSEDED>();
  if (!planned.some((p) => p.movements.some(isCommitment))) return changes;
  await commitments.lock(planned.map((p) => ({ partner: p.event.source.partner, movements: p.movements })));
  for (const { event, movements } of planned) {
    const at = new Date(event.occurredAt);
    for (const mv of movements) if (isCommitment(mv)) changes.set(mv, settleCommitment(mv, commitments.get(commitmentKey(event.source.partner, mv)), at));
  }
  return changes;
}

/**
 * Locks the balance rows in key order: one statement when they all exist. Missing rows (a snapshot's
 * new items) are made by a second statement that returns them, locked as ours until the commit;
 * only when another transaction made some of them meanwhile are they all selected again.
 */
async function lockBalances(m: EntityManager, movements: readonly Movement[]): Promise<Map<string, BalanceState>> {
  const keys = [...new Set(movements.map((mv) => keyOf(mv.sku, mv.location)))].sort();
  const columns = (of: readonly string[]) => [of.map((k) => k.split('\u0000')[0]), of.map((k) => k.split('\u0000')[1])];
  const select = () => prepared<BalanceRowOf & { sku: string; location: string }>(
    m,
    `SELECT sku, location, on_hand, allocated, in_transit, on_hold, last_snapshot_at FROM inventory_balances
     WHERE (sku, location) IN (SELECT * FROM unnest($1::text[], $2::text[])) ORDER BY sku, location FOR UPDATE`,
    columns(keys),
  );
  let rows = await select();
  if (rows.length < keys.length) {
    const found = new Set(rows.map((r) => keyOf(r.sku, r.location)));
    const made = await prepared<BalanceRowOf & { sku: string; location: string }>(
      m,
      `INSERT INTO inventory_balances (sku, location) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING
       RETURNING sku, location, on_hand, allocated, in_transit, on_hold, last_snapshot_at`,
      columns(keys.filter((k) => !found.has(k))),
    );
    rows = rows.length + made.length === keys.length ? [...rows, ...made] : await select();
  }
  return new Map(rows.map((r) => [keyOf(r.sku, r.location), { balance: toBalance(r), lastSnapshotAt: r.last_snapshot_at }]));
}

/**
 * Movements, variances, commitments and balances in one statement (data-modifying CTEs run as one,
 * atomically). Movements and variances name their event by number (1-based) in the events' arrays:
 * the 10,000 lines of one 846 send its key and time once, not 10,000 times.
 */
async function writeAll(m: EntityManager, rows: readonly MovementRow[], variances: readonly MovementRow[], balances: ReadonlyMap<string, BalanceState>, commitments: CommitmentStore): Promise<void> {
  const entries = [...balances.entries()];
  const c = commitments.changed();
  const events = [...new Set(rows.map((r) => r.event))];
  const number = new Map(events.map((e, i) => [e, i + 1]));
  await prepared(
    m,
    `WITH moved AS (
       INSERT INTO inventory_movements (idempotency_key, line, sku, location, bucket, kind, quantity, before, after, occurred_at, reference)
       SELECT ($1::text[])[u.event], u.line, u.sku, u.location, u.bucket, u.kind, u.quantity, u.before, u.after, ($2::timestamptz[])[u.event], u.reference
       FROM unnest($3::int[], $4::int[], $5::text[], $6::text[], $7::text[], $8::text[], $9::numeric[], $10::numeric[], $11::numeric[], $12::text[])
         AS u(event, line, sku, location, bucket, kind, quantity, before, after, reference)
     ), varied AS (
       INSERT INTO reconciliation_variances (idempotency_key, sku, location, bucket, ledger, reported, variance, occurred_at)
       SELECT ($1::text[])[v.event], v.sku, v.location, v.bucket, v.ledger, v.reported, v.reported - v.ledger, ($2::timestamptz[])[v.event]
       FROM unnest($13::int[], $14::text[], $15::text[], $16::text[], $17::numeric[], $18::numeric[]) AS v(event, sku, location, bucket, ledger, reported)
     ), committed AS (
       UPDATE inventory_commitments k SET opened = c.opened, closed = c.closed, revised_at = c.revised_at, updated_at = now()
       FROM unnest($26::text[], $27::text[], $28::text[], $29::text[], $30::text[], $31::numeric[], $32::numeric[], $33::timestamptz[]) AS c(partner, bucket, reference, sku, location, opened, closed, revised_at)
       WHERE k.partner = c.partner AND k.bucket = c.bucket AND k.reference = c.reference AND k.sku = c.sku AND k.location = c.location
     )
     UPDATE inventory_balances b SET on_hand = s.on_hand, allocated = s.allocated, in_transit = s.in_transit, on_hold = s.on_hold, last_snapshot_at = s.last_snapshot_at, updated_at = now()
     FROM unnest($19::text[], $20::text[], $21::numeric[], $22::numeric[], $23::numeric[], $24::numeric[], $25::timestamptz[]) AS s(sku, location, on_hand, allocated, in_transit, on_hold, last_snapshot_at)
     WHERE b.sku = s.sku AND b.location = s.location`,
    [
      events.map((e) => e.idempotencyKey), events.map((e) => e.occurredAt),
      rows.map((r) => number.get(r.event) as number), rows.map((r) => r.mv.line), rows.map((r) => r.mv.sku), rows.map((r) => r.mv.location), rows.map((r) => r.mv.bucket), rows.map((r) => r.kind),
      rows.map((r) => r.mv.quantity), rows.map((r) => r.before), rows.map((r) => r.after), rows.map((r) => r.mv.reference ?? null),
      variances.map((r) => number.get(r.event) as number), variances.map((r) => r.mv.sku), variances.map((r) => r.mv.location), variances.map((r) => r.mv.bucket), variances.map((r) => r.before), variances.map((r) => r.after),
      entries.map(([k]) => k.split('\u0000')[0]), entries.map(([k]) => k.split('\u0000')[1]),
      entries.map(([, s]) => s.balance.onHand), entries.map(([, s]) => s.balance.allocated), entries.map(([, s]) => s.balance.inTransit), entries.map(([, s]) => s.balance.onHold),
      entries.map(([, s]) => s.lastSnapshotAt),
      ...c.keys, c.opened, c.closed, c.revisedAt,
    ],
  );
}

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

/**
 * Commitment movements change the bucket by the change in what the commitment holds, max(0, opened −
 * closed). Opening and closing only add, so their order does not matter; a revision (a 940 change)
 * restates the quantity and wins over anything opened before its time. (The bucket itself never goes
 * below zero: a snapshot may have set in transit lower than the shipments still open.)
 */
function settleCommitment(mv: Movement, c: Commitment, at: Date): DecimalString | typeof SUPERSEDED {
  if (mv.kind !== 'close' && c.revisedAt !== null && c.revisedAt > at) return SUPERSEDED;
  const held = outstanding(c.opened, c.closed);
  if (mv.kind === 'open') c.opened = addDecimal(c.opened, mv.quantity);
  else if (mv.kind === 'close') c.closed = addDecimal(c.closed, mv.quantity);
  else {
    c.opened = normalizeDecimal(mv.quantity);
    c.revisedAt = at;
  }
  return subtractDecimal(outstanding(c.opened, c.closed), held);
}

function atLeastZero(q: DecimalString): DecimalString {
  return compareDecimal(q, '0') < 0 ? '0' : q;
}

function startOfDay(d: Date): number {
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
}

/** `set-available` depends on allocated and on hold, so it settles after the other movements of its line. */
function orderForSettling(movements: readonly Movement[]): Movement[] {
  return [...movements.filter((mv) => mv.kind !== 'set-available'), ...movements.filter((mv) => mv.kind === 'set-available')];
}

function keyOf(sku: string, location: string): string {
  return `${sku}\u0000${location}`;
}

export interface BalanceRowOf {
  on_hand: string;
  allocated: string;
  in_transit: string;
  on_hold: string;
  last_snapshot_at: Date | null;
}

export function toBalance(row: Omit<BalanceRowOf, 'last_snapshot_at'>): Balance {
  return { onHand: normalizeDecimal(row.on_hand), allocated: normalizeDecimal(row.allocated), inTransit: normalizeDecimal(row.in_transit), onHold: normalizeDecimal(row.on_hold) };
}

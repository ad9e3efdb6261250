import { DataSource, EntityManager } from 'typeorm';
import { prepared } from '../sql/prepared';

export type ControlKind = 'interchange' | 'group' | 'transaction';

/**
 * Outbound control numbers from the partner's range, allocated atomically by one UPDATE … RETURNING:
 * concurrent senders never get the same number and none is skipped. At the end of the range it wraps
 * to the start (X12 allows reuse once the duplicate window has passed).
 */
export class ControlNumbers {
  constructor(private readonly dataSource: DataSource) {}

  /** The next number; with `manager`, inside that transaction (a rolled-back send then uses no number). */
  async next(partnerId: string, kind: ControlKind, range: { start: number; end: number }, manager: EntityManager = this.dataSource.manager): Promise<number> {
    const [allocated] = await this.nextAll(partnerId, [{ kind, range }], manager);
    return allocated;
  }

  /**
   * The next number of each kind asked for (an envelope's interchange, group and transaction numbers),
   * in one statement: a partner's counters are hot rows, locked until the transaction ends, and every
   * round trip while they are held makes the next sender wait. The rows are locked in the order given:
   * ask interchange, group, transaction, in that order, everywhere.
   */
  async nextAll(partnerId: string, asked: ReadonlyArray<{ kind: ControlKind; range: { start: number; end: number } }>, manager: EntityManager = this.dataSource.manager): Promise<number[]> {
    // A new counter hands out its start and keeps start + 1 (wrapped); an existing one moves on. The
    // row keeps the number to hand out next, so the one handed out is the one before it (the end of
    // the range when it wrapped).
    const rows = await prepared<{ kind: ControlKind; next: string; range_start: string; range_end: string }>(
      manager,
      `INSERT INTO control_numbers (partner_id, kind, next, range_start, range_end)
       SELECT $1, a.kind, CASE WHEN a.range_start >= a.range_end THEN a.range_start ELSE a.range_start + 1 END, a.range_start, a.range_end
       FROM unnest($2::text[], $3::bigint[], $4::bigint[]) WITH ORDINALITY AS a(kind, range_start, range_end, ord) ORDER BY a.ord
       ON CONFLICT (partner_id, kind) DO UPDATE
         SET next = CASE WHEN control_numbers.next >= control_numbers.range_end THEN control_numbers.range_start ELSE control_numbers.next + 1 END
       RETURNING kind, next, range_start, range_end`,
      [partnerId, asked.map((a) => a.kind), asked.map((a) => a.range.start), asked.map((a) => a.range.end)],
    );
    const handedOut = new Map(rows.map((r) => [r.kind, Number(r.next) === Number(r.range_start) ? Number(r.range_end) : Number(r.next) - 1]));
    return asked.map((a) => handedOut.get(a.kind) as number);
  }
}

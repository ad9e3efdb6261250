import { DataSource, EntityManager } from 'typeorm';

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
    await manager.query(
      `INSERT INTO control_numbers (partner_id, kind, next, range_start, range_end) VALUES ($1, $2, $3, $3, $4) ON CONFLICT DO NOTHING`,
      [partnerId, kind, range.start, range.end],
    );
    const result = await manager.query(
      `WITH current AS (SELECT next FROM control_numbers WHERE partner_id = $1 AND kind = $2 FOR UPDATE)
       UPDATE control_numbers c SET next = CASE WHEN current.next >= c.range_end THEN c.range_start ELSE current.next + 1 END
       FROM current WHERE c.partner_id = $1 AND c.kind = $2
       RETURNING current.next AS allocated`,
      [partnerId, kind],
    );
    // TypeORM answers an UPDATE … RETURNING on PostgreSQL with [rows, affected].
    const rows = (Array.isArray(result[0]) ? result[0] : result) as Array<{ allocated: string }>;
    return Number(rows[0].allocated);
  }
}

import { DataSource } from 'typeorm';
import { directionOfInterchange, translateTransactionSet } from '@tradewire/mapping';
import { parseX12, TransactionSetEnvelope } from '@tradewire/x12';
import { ProfileRegistry } from '../profiles/profile-registry';

interface TransactionRow {
  position: number;
  partner_id: string;
  content: Buffer;
}

/**
 * Stage 2, one job per transaction set: re-read the stored bytes, translate the set with the
 * partner's profile, and store the event. Returns the event's idempotency key to apply, or null when
 * the set maps to nothing (skipped) or is held for review (findings).
 */
export class TranslationService {
  constructor(private readonly dataSource: DataSource, private readonly profiles: ProfileRegistry) {}

  async translate(transactionSetId: string): Promise<string | null> {
    // The set, its partner and the stored bytes in one round trip.
    const [row] = (await this.dataSource.query(
      `SELECT t.position, i.partner_id, r.content FROM transaction_sets t JOIN interchanges i ON i.id = t.interchange_id JOIN raw_documents r ON r.id = t.document_id WHERE t.id = $1`,
      [transactionSetId],
    )) as TransactionRow[];
    if (row === undefined) throw new Error(`no transaction set ${transactionSetId}`);
    const profile = this.profiles.byId(row.partner_id);
    if (profile === undefined) throw new Error(`no profile ${row.partner_id}`);
    const found = nth(parseX12(row.content, { keepSegments: true }), row.position);
    const way = directionOfInterchange(found.interchange, profile);
    if (typeof way !== 'string') return this.mark(transactionSetId, 'skipped', way.reason);
    const outcome = translateTransactionSet(found.interchange, found.group, found.transaction, profile, way);
    if (outcome.kind === 'skipped') return this.mark(transactionSetId, 'skipped', outcome.reason);
    const event = outcome.event;
    const status = event.findings.length > 0 ? 'held' : 'translated';
    // The event and the set's new status in one statement. A re-translation (after a profile fix)
    // replaces an event that has not been applied yet.
    await this.dataSource.query(
      `WITH stored AS (
         INSERT INTO canonical_events (idempotency_key, transaction_set_id, type, body) VALUES ($1, $2, $3, $4)
         ON CONFLICT (idempotency_key) DO UPDATE SET body = EXCLUDED.body, transaction_set_id = EXCLUDED.transaction_set_id
         WHERE NOT EXISTS (SELECT 1 FROM applied_events a WHERE a.idempotency_key = canonical_events.idempotency_key AND a.status = 'applied')
       )
       UPDATE transaction_sets SET status = $5, event_key = $1, findings = findings || $6::jsonb, updated_at = now() WHERE id = $2`,
      [event.idempotencyKey, transactionSetId, event.type, JSON.stringify(event), status, JSON.stringify(event.findings)],
    );
    return status === 'held' ? null : event.idempotencyKey;
  }

  private async mark(id: string, status: 'skipped', reason: string): Promise<null> {
    await this.dataSource.query(`UPDATE transaction_sets SET status = $2, findings = findings || $3::jsonb, updated_at = now() WHERE id = $1`, [id, status, JSON.stringify([{ code: 'SKIPPED', message: reason }])]);
    return null;
  }
}

/** The transaction set at a 1-based position in document order, with its group and interchange. */
function nth(result: ReturnType<typeof parseX12>, position: number) {
  let n = 0;
  for (const interchange of result.interchanges) {
    for (const group of interchange.groups) {
      for (const transaction of group.transactions) {
        if (++n === position) return { interchange, group, transaction: transaction as TransactionSetEnvelope };
      }
    }
  }
  throw new Error(`no transaction set at position ${position}`);
}

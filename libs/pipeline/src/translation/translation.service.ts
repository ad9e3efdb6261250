import { DataSource } from 'typeorm';
import { CanonicalEvent } from '@tradewire/canonical';
import { directionOfInterchange, translateTransactionSet } from '@tradewire/mapping';
import { FunctionalGroupEnvelope, InterchangeEnvelope, TransactionSetEnvelope, X12Parser } from '@tradewire/x12';
import { CHUNK_LINES, eventWeight } from '../batching/chunks';
import { Settle, Settled } from '../batching/group-commit';
import { prepared } from '@tradewire/persistence';
import { ProfileRegistry } from '../profiles/profile-registry';

interface TransactionRow {
  id: string;
  position: number;
  control: string;
  group_control: string | null;
  partner_id: string;
  document_id: string;
  /** The stored bytes, on the first row of each document only (a file's sets share them). */
  content: Buffer | null;
}

/** How much of a stored file the parser is given at a time: between pieces, decided sets are stored. */
const PIECE_BYTES = 256 * 1024;

/** What translation decided for one set, before it is stored. */
type Decision =
  | { readonly id: string; readonly status: 'skipped'; readonly reason: string }
  | { readonly id: string; readonly status: 'translated' | 'held'; readonly event: CanonicalEvent };

/**
 * Stage 2, one job per transaction set: re-read the stored bytes, translate the set with the
 * partner's profile, and store the event. A set's result is the event's idempotency key to apply,
 * or null when the set maps to nothing (skipped) or is held for review (findings). Sets come in
 * batches (the jobs a worker holds at once, see GroupCommit): one query reads them, each document is
 * parsed once for all its sets in the batch, and one statement stores every event and status.
 */
export class TranslationService {
  constructor(private readonly dataSource: DataSource, private readonly profiles: ProfileRegistry) {}

  async translate(transactionSetId: string): Promise<string | null> {
    const [result] = await this.translateMany([transactionSetId]);
    if (!result.ok) throw result.error;
    return result.value;
  }

  /**
   * Each set's key to apply (or null), or the error that failed it, in the order given; `settle` hears
   * of each as soon as it is stored. A document is parsed once for all its sets in the batch, as a
   * stream that keeps no set's segments after the set (memory bounded by the largest set, not the
   * file), and events are stored a chunk at a time (CHUNK_LINES lines) as the parse goes: a batch of
   * big sets goes on to the apply stage set by set, not all at the end.
   */
  async translateMany(transactionSetIds: readonly string[], settle?: Settle<string | null>): Promise<Array<Settled<string | null>>> {
    const results: Array<Settled<string | null>> = [];
    const answer = (index: number, result: Settled<string | null>) => {
      results[index] = result;
      settle?.(index, result);
    };
    const rows = await this.load(transactionSetIds);
    const documents = new Map<string, Array<{ index: number; row: TransactionRow }>>();
    transactionSetIds.forEach((id, index) => {
      const row = rows.get(id);
      if (row === undefined) answer(index, { ok: false, error: new Error(`no transaction set ${id}`) });
      else documents.set(row.document_id, [...(documents.get(row.document_id) ?? []), { index, row }]);
    });
    const chunk: Array<{ index: number; decision: Decision }> = [];
    let lines = 0;
    const flush = async () => {
      for (const [index, result] of await this.storeChunk(chunk.splice(0))) answer(index, result);
      lines = 0;
    };
    for (const wanted of documents.values()) {
      const seen = await this.translateDocument(wanted, (index, decision) => {
        if (decision instanceof Error) return answer(index, { ok: false, error: decision });
        chunk.push({ index, decision });
        lines += 'event' in decision ? eventWeight(decision.event) : 1;
      }, async () => {
        if (lines >= CHUNK_LINES) await flush();
      });
      for (const { index, row } of wanted) if (!seen.has(index)) answer(index, { ok: false, error: new Error(`no transaction set at position ${row.position}`) });
    }
    if (chunk.length > 0) await flush();
    return results;
  }

  /**
   * Parses one document, deciding each wanted set when the parser has it (the envelope parser calls
   * back as each set closes, in document order: the n-th set of a group is the one intake stored at
   * position n). `between` runs between pieces of the file, so decided chunks are stored as it goes.
   * Returns the indexes decided.
   */
  private async translateDocument(
    wanted: ReadonlyArray<{ index: number; row: TransactionRow }>, decided: (index: number, decision: Decision | Error) => void, between: () => Promise<void>,
  ): Promise<Set<number>> {
    const seen = new Set<number>();
    const byPosition = new Map<number, Array<{ index: number; row: TransactionRow }>>();
    for (const w of wanted) byPosition.set(w.row.position, [...(byPosition.get(w.row.position) ?? []), w]);
    let position = 0;
    const parser = new X12Parser({
      keepSegments: 'transient',
      onTransactionSet: (transaction, group, interchange) => {
        if (group === null || interchange === null) return; // a fragment: intake gave it no position
        position++;
        for (const { index, row } of byPosition.get(position) ?? []) {
          seen.add(index);
          // The set intake stored at this position has these control numbers: a mismatch would mean
          // the wrong set, so it fails rather than translates.
          if (transaction.control !== row.control || group.control !== row.group_control) {
            decided(index, new Error(`transaction set at position ${row.position} is ${group.control}/${transaction.control}, stored as ${row.group_control}/${row.control}`));
            continue;
          }
          try {
            decided(index, this.decide(row, interchange, group, transaction));
          } catch (error) {
            decided(index, error instanceof Error ? error : new Error(String(error)));
          }
        }
      },
    });
    const content = wanted.find((w) => w.row.content !== null)?.row.content as Buffer;
    for (let at = 0; at < content.length; at += PIECE_BYTES) {
      parser.push(content.subarray(at, at + PIECE_BYTES));
      await between();
    }
    parser.end();
    return seen;
  }

  /** One statement for the chunk; when it fails, each set again, alone, so only its own job fails. */
  private async storeChunk(chunk: ReadonlyArray<{ index: number; decision: Decision }>): Promise<Array<[number, Settled<string | null>]>> {
    try {
      await this.store(chunk.map((c) => c.decision));
      return chunk.map((c) => [c.index, { ok: true, value: keyToApply(c.decision) }]);
    } catch (e) {
      if (chunk.length === 1) return [[chunk[0].index, { ok: false, error: e }]];
      return Promise.all(chunk.map(async (c): Promise<[number, Settled<string | null>]> => [c.index, await this.storeAlone(c.decision)]));
    }
  }

  /** The sets, their partners and (once per document) the stored bytes, in one round trip. */
  private async load(ids: readonly string[]): Promise<Map<string, TransactionRow>> {
    const rows = await prepared<TransactionRow>(
      this.dataSource,
      `SELECT t.id, t.position, t.control, t.group_control, i.partner_id, t.document_id,
              CASE WHEN row_number() OVER (PARTITION BY t.document_id ORDER BY t.position) = 1 THEN r.content END AS content
       FROM transaction_sets t JOIN interchanges i ON i.id = t.interchange_id JOIN raw_documents r ON r.id = t.document_id
       WHERE t.id = ANY($1::uuid[])`,
      [[...new Set(ids)]],
    );
    const content = new Map(rows.flatMap((r) => (r.content === null ? [] : [[r.document_id, r.content] as const])));
    return new Map(rows.map((r) => [r.id, { ...r, content: content.get(r.document_id) ?? null }]));
  }

  private decide(row: TransactionRow, interchange: InterchangeEnvelope, group: FunctionalGroupEnvelope, transaction: TransactionSetEnvelope): Decision {
    const profile = this.profiles.byId(row.partner_id);
    if (profile === undefined) throw new Error(`no profile ${row.partner_id}`);
    const way = directionOfInterchange(interchange, profile);
    if (typeof way !== 'string') return { id: row.id, status: 'skipped', reason: way.reason };
    const outcome = translateTransactionSet(interchange, group, transaction, profile, way);
    if (outcome.kind === 'skipped') return { id: row.id, status: 'skipped', reason: outcome.reason };
    return { id: row.id, status: outcome.event.findings.length > 0 ? 'held' : 'translated', event: outcome.event };
  }

  /**
   * The events and the sets' new statuses in one statement. A re-translation (after a profile fix)
   * replaces an event that has not been applied yet. One row per key and per set: a batch may hold
   * the same set twice (a duplicate job), or a replayed set whose event has the original's key.
   */
  private async store(decisions: readonly Decision[]): Promise<void> {
    if (decisions.length === 0) return;
    const sets = [...new Map(decisions.map((d) => [d.id, d])).values()];
    const events = [...new Map(sets.flatMap((d) => ('event' in d ? [[d.event.idempotencyKey, d] as const] : []))).values()] as Array<Extract<Decision, { event: CanonicalEvent }>>;
    // Bodies and findings travel as one JSON array each, not as jsonb[]: an array literal escapes every
    // quote of every body (a 10,000-line 846 is megabytes of them), JSON goes as it is.
    await prepared(
      this.dataSource,
      `WITH stored AS (
         INSERT INTO canonical_events (idempotency_key, transaction_set_id, type, body)
         SELECT e.key, e.set_id, e.type, b.body FROM unnest($1::text[], $2::uuid[], $3::text[]) WITH ORDINALITY AS e(key, set_id, type, n)
         JOIN jsonb_array_elements($4::jsonb) WITH ORDINALITY AS b(body, n) ON b.n = e.n
         ON CONFLICT (idempotency_key) DO UPDATE SET body = EXCLUDED.body, transaction_set_id = EXCLUDED.transaction_set_id
         WHERE NOT EXISTS (SELECT 1 FROM applied_events a WHERE a.idempotency_key = canonical_events.idempotency_key AND a.status = 'applied')
       )
       UPDATE transaction_sets t SET status = u.status, event_key = COALESCE(u.event_key, t.event_key), findings = t.findings || f.findings, updated_at = now()
       FROM unnest($5::uuid[], $6::text[], $7::text[]) WITH ORDINALITY AS u(id, status, event_key, n)
       JOIN jsonb_array_elements($8::jsonb) WITH ORDINALITY AS f(findings, n) ON f.n = u.n
       WHERE t.id = u.id`,
      [
        events.map((d) => d.event.idempotencyKey), events.map((d) => d.id), events.map((d) => d.event.type), JSON.stringify(events.map((d) => d.event)),
        sets.map((d) => d.id), sets.map((d) => d.status), sets.map((d) => ('event' in d ? d.event.idempotencyKey : null)),
        JSON.stringify(sets.map((d) => ('event' in d ? d.event.findings : [{ code: 'SKIPPED', message: d.reason }]))),
      ],
    );
  }

  private async storeAlone(decision: Decision): Promise<Settled<string | null>> {
    try {
      await this.store([decision]);
      return { ok: true, value: keyToApply(decision) };
    } catch (error) {
      return { ok: false, error };
    }
  }
}

function keyToApply(d: Decision): string | null {
  return d.status === 'translated' ? d.event.idempotencyKey : null;
}

import { DataSource, EntityManager } from 'typeorm';
import { CanonicalEvent, ShipmentConfirmed } from '@tradewire/canonical';
import { ApplyOutcome, LedgerService } from '@tradewire/inventory';
import { DocumentStatus, DocumentStore, prepared } from '@tradewire/persistence';
import { PartnerProfile } from '@tradewire/partners';
import { Expectations } from '../acknowledgments/expectations';
import { chunksByWeight, eventWeight } from '../batching/chunks';
import { Settle, Settled } from '../batching/group-commit';
import { FollowUps } from '../orders/order.service';
import { issueShipNotices } from '../orders/ship-notice';

/** One apply job's work: the event to apply, and the transaction set it came from. */
export interface ApplyRequest {
  readonly idempotencyKey: string;
  readonly transactionSetId: string;
}

/** The ledger's outcome, and what to schedule now that it has committed (an ASN's delivery, its expectation). */
export type ApplyResult = ApplyOutcome & { followUps?: FollowUps };

interface Loaded {
  readonly index: number;
  readonly request: ApplyRequest;
  readonly event: CanonicalEvent;
  readonly documentId: string;
}

/**
 * Stage 3: apply stored events to the ledger (exactly once, by their keys), then mark their
 * transaction sets, and each document when none of its sets is still on the way. Events come in
 * batches (the apply jobs a worker holds at once, see GroupCommit): one transaction applies them all,
 * in a handful of statements. When a batch fails, each of its events is applied alone, so one bad
 * event fails its own job only.
 */
export class InventoryService {
  private readonly ledger: LedgerService;
  private readonly documents: DocumentStore;
  private readonly expectations: Expectations;

  constructor(
    private readonly dataSource: DataSource,
    private readonly profiles: { byId(id: string): PartnerProfile | undefined } = { byId: () => undefined },
    /** Our GS1 company prefix (GS1_COMPANY_PREFIX), for the SSCCs of the ASNs we send customers. */
    private readonly gs1CompanyPrefix?: string,
  ) {
    this.ledger = new LedgerService(dataSource);
    this.documents = new DocumentStore(dataSource);
    this.expectations = new Expectations(dataSource);
  }

  async apply(idempotencyKey: string, transactionSetId: string): Promise<ApplyResult> {
    const [result] = await this.applyMany([{ idempotencyKey, transactionSetId }]);
    if (!result.ok) throw result.error;
    return result.value;
  }

  /**
   * Each request's result, or the error that failed it, in the requests' order; `settle` hears of
   * each as soon as its chunk is done (events of more than CHUNK_LINES lines in all are applied in
   * several transactions, one chunk after the other).
   */
  async applyMany(requests: readonly ApplyRequest[], settle?: Settle<ApplyResult>): Promise<Array<Settled<ApplyResult>>> {
    const results: Array<Settled<ApplyResult>> = requests.map((r) => ({ ok: false, error: new Error(`no event ${r.idempotencyKey} or transaction set ${r.transactionSetId}`) }));
    const loaded = await this.load(requests);
    for (const chunk of chunksByWeight(loaded, (l) => eventWeight(l.event))) {
      for (const [index, result] of await this.applyChunk(chunk)) {
        results[index] = result;
        settle?.(index, result);
      }
    }
    return results;
  }

  /** One transaction for the chunk; when it fails, each event again, alone (a bad event, a deadlock), so only its own job fails. */
  private async applyChunk(chunk: readonly Loaded[]): Promise<Map<number, Settled<ApplyResult>>> {
    const results = new Map<number, Settled<ApplyResult>>();
    const applied: Array<{ item: Loaded; result: ApplyResult }> = [];
    try {
      const outcomes = await this.applyLoaded(chunk);
      chunk.forEach((item, i) => applied.push({ item, result: outcomes[i] }));
    } catch (e) {
      if (chunk.length === 1) results.set(chunk[0].index, { ok: false, error: e });
      else for (const item of chunk) {
        try {
          applied.push({ item, result: (await this.applyLoaded([item]))[0] });
        } catch (alone) {
          results.set(item.index, { ok: false, error: alone });
        }
      }
    }
    await this.settleDocuments(applied.map(({ item, result }) => ({ documentId: item.documentId, transactionSetId: item.request.transactionSetId, status: result.status === 'held' ? 'held' : 'applied' })));
    for (const { item, result } of applied) results.set(item.index, { ok: true, value: result });
    return results;
  }

  /** The events and their documents, in one query; a request whose event or set is missing is left out (and fails). */
  private async load(requests: readonly ApplyRequest[]): Promise<Loaded[]> {
    const rows = await prepared<{ ord: number; body: CanonicalEvent; document_id: string }>(
      this.dataSource,
      `SELECT u.ord::int AS ord, e.body, t.document_id FROM unnest($1::text[], $2::uuid[]) WITH ORDINALITY AS u(key, set_id, ord)
       JOIN canonical_events e ON e.idempotency_key = u.key JOIN transaction_sets t ON t.id = u.set_id`,
      [requests.map((r) => r.idempotencyKey), requests.map((r) => r.transactionSetId)],
    );
    return rows.sort((a, b) => a.ord - b.ord).map((r) => ({ index: r.ord - 1, request: requests[r.ord - 1], event: r.body, documentId: r.document_id }));
  }

  /** One transaction for all: the ledger, and what each event settles of what we sent. */
  private async applyLoaded(loaded: readonly Loaded[]): Promise<ApplyResult[]> {
    let followUps = new Map<CanonicalEvent, FollowUps>();
    const outcomes = await this.ledger.applyAll(loaded.map((l) => l.event), async (m, applying) => {
      followUps = await this.settleWhatWeSent(m, applying as CanonicalEvent[]);
    });
    return outcomes.map((outcome, i) => {
      const due = followUps.get(loaded[i].event);
      return due === undefined ? outcome : { ...outcome, followUps: due };
    });
  }

  /** What the events tell us about documents we sent, in the ledger's transaction (so exactly once): what to schedule, per event. */
  private async settleWhatWeSent(m: EntityManager, events: readonly CanonicalEvent[]): Promise<Map<CanonicalEvent, FollowUps>> {
    for (const event of events) if (event.type === 'AcknowledgmentReceived') await this.expectations.acknowledge(m, event);
    // 945s fulfil their orders' shipment expectations, close the orders, and send the customers their ASNs.
    const shipments = events.filter((e): e is ShipmentConfirmed => e.type === 'ShipmentConfirmed');
    return issueShipNotices(m, this.profiles, shipments, this.gs1CompanyPrefix, new Date());
  }

  /**
   * Marks the sets, then each document applied when every set that was accepted has been applied
   * (rejected and skipped sets do not hold it back). The documents are locked first, so that two
   * workers marking a document's last two sets at the same time cannot both count the other's as
   * still pending; then one statement marks the sets and counts each document's (the count sees the
   * sets as they were, so the new statuses are taken from the marks).
   */
  private async settleDocuments(marks: ReadonlyArray<{ documentId: string; transactionSetId: string; status: 'held' | 'applied' }>): Promise<void> {
    if (marks.length === 0) return;
    const bySet = new Map(marks.map((m) => [m.transactionSetId, m]));
    const documentIds = [...new Set(marks.map((m) => m.documentId))].sort();
    await this.dataSource.transaction(async (m) => {
      const docs = await prepared<{ id: string; status: DocumentStatus }>(m, `SELECT id, status FROM documents WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [documentIds]);
      const counts = await prepared<{ document_id: string; pending: number; applied: number }>(
        m,
        `WITH u AS (SELECT * FROM unnest($1::uuid[], $2::text[]) AS u(id, status)),
         marked AS (UPDATE transaction_sets t SET status = u.status, updated_at = now() FROM u WHERE t.id = u.id)
         SELECT t.document_id,
                count(*) FILTER (WHERE COALESCE(u.status, t.status) IN ('accepted', 'translated', 'held'))::int AS pending,
                count(*) FILTER (WHERE COALESCE(u.status, t.status) = 'applied')::int AS applied
         FROM transaction_sets t LEFT JOIN u ON u.id = t.id WHERE t.document_id = ANY($3::uuid[]) GROUP BY t.document_id`,
        [[...bySet.keys()], [...bySet.values()].map((s) => s.status), documentIds],
      );
      const status = new Map(docs.map((d) => [d.id, d.status]));
      for (const c of counts) {
        const now = status.get(c.document_id);
        if (c.pending > 0 || c.applied === 0 || now === undefined || now === 'applied') continue;
        // A document whose sets are all applied was acknowledged (and its events translated); a move
        // the status model refuses (an operator ignored it meanwhile) is left as it is.
        await this.documents.moveAlong(m, c.document_id, now === 'acknowledged' ? ['translated', 'applied'] : ['applied'], { from: now });
      }
    });
  }
}

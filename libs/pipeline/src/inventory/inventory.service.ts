import { DataSource, EntityManager } from 'typeorm';
import { CanonicalEvent } from '@tradewire/canonical';
import { ApplyOutcome, LedgerService } from '@tradewire/inventory';
import { DocumentStateError, DocumentStore } from '@tradewire/persistence';
import { Expectations } from '../acknowledgments/expectations';
import { FollowUps } from '../orders/order.service';
import { issueShipNotice } from '../orders/ship-notice';
import { PartnerProfile } from '@tradewire/partners';

/**
 * Stage 3: apply a stored event to the ledger (exactly once, by its key), then mark its transaction
 * set, and the document when none of its sets is still on the way.
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

  /** The ledger's outcome, and what to schedule now that it has committed (an ASN's delivery, its expectation). */
  async apply(idempotencyKey: string, transactionSetId: string): Promise<ApplyOutcome & { followUps?: FollowUps }> {
    const [row] = (await this.dataSource.query(
      `SELECT e.body, t.document_id FROM canonical_events e, transaction_sets t WHERE e.idempotency_key = $1 AND t.id = $2`,
      [idempotencyKey, transactionSetId],
    )) as Array<{ body: CanonicalEvent; document_id: string }>;
    if (row === undefined) throw new Error(`no event ${idempotencyKey} or transaction set ${transactionSetId}`);
    let followUps: FollowUps | null = null;
    const outcome = await this.ledger.apply(row.body, async (m) => {
      followUps = await this.settleWhatWeSent(m, row.body);
    });
    await this.settleDocument(row.document_id, transactionSetId, outcome.status === 'held' ? 'held' : 'applied');
    return followUps === null ? outcome : { ...outcome, followUps };
  }

  /** What an event tells us about documents we sent, in the ledger's transaction (so exactly once). */
  private async settleWhatWeSent(m: EntityManager, event: CanonicalEvent): Promise<FollowUps | null> {
    if (event.type === 'AcknowledgmentReceived') await this.expectations.acknowledge(m, event);
    if (event.type !== 'ShipmentConfirmed') return null;
    // Fulfils the order's shipment expectation, closes the order, and sends its customer the ASN.
    return issueShipNotice(m, this.profiles, event, this.gs1CompanyPrefix, new Date());
  }

  /**
   * Marks the set, then the document applied when every set that was accepted has been applied
   * (rejected and skipped sets do not hold it back). One statement marks the set and counts its
   * siblings (the count sees the set as it was, so its new status is added by hand).
   */
  private async settleDocument(documentId: string, transactionSetId: string, status: 'held' | 'applied'): Promise<void> {
    const [{ pending, applied }] = await this.dataSource.query(
      `WITH marked AS (UPDATE transaction_sets SET status = $3, updated_at = now() WHERE id = $2)
       SELECT (count(*) FILTER (WHERE status IN ('accepted', 'translated', 'held') AND id <> $2) + CASE WHEN $3 = 'held' THEN 1 ELSE 0 END)::int AS pending,
              (count(*) FILTER (WHERE status = 'applied' AND id <> $2) + CASE WHEN $3 = 'applied' THEN 1 ELSE 0 END)::int AS applied
       FROM transaction_sets WHERE document_id = $1`,
      [documentId, transactionSetId, status],
    );
    if (pending > 0 || applied === 0) return;
    const doc = await this.documents.get(documentId);
    if (doc === null || doc.status === 'applied') return;
    try {
      if (doc.status === 'acknowledged') await this.documents.moveTo(documentId, 'translated');
      await this.documents.moveTo(documentId, 'applied');
    } catch (e) {
      // Another worker settling a sibling set got there first: the document is already moving.
      if (!(e instanceof DocumentStateError)) throw e;
    }
  }
}

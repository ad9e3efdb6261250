import { join } from 'path';
import { GOODS_RECEIPT, goodsReceived, LedgerService } from '@tradewire/inventory';
import { createTestDatabase, DocumentStore } from '@tradewire/persistence';
import { IntakeService, InventoryService, OrderService, ProfileRegistry, TranslationService, WAREHOUSE_ORDER_REQUEST } from '@tradewire/pipeline';

/**
 * The translation and apply stages take their jobs in batches (group commit, see GroupCommit): against
 * the real PostgreSQL, a batch must give each job the result it would have had alone, and one bad item
 * must fail its own job only.
 */
const ROOT = join(__dirname, '..', '..');
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let profiles: ProfileRegistry;
let store: DocumentStore;
let intake: IntakeService;
let translation: TranslationService;
let inventory: InventoryService;
let ledger: LedgerService;

beforeAll(async () => {
  db = await createTestDatabase();
  profiles = ProfileRegistry.fromDirectories(join(ROOT, 'partner-profiles'), join(ROOT, 'edi-specs', 'guides'));
  store = new DocumentStore(db.dataSource);
  intake = new IntakeService(db.dataSource, profiles);
  translation = new TranslationService(db.dataSource, profiles);
  inventory = new InventoryService(db.dataSource, profiles, '0614141');
  ledger = new LedgerService(db.dataSource);
});

afterAll(() => db.drop());

let control = 800;
/** A file of 945s from the 3PL, each shipping `units` WIDGET-BLUE for its order, received and through intake: its accepted sets. */
async function shipments(orders: readonly string[], units = 1): Promise<{ documentId: string; sets: string[] }> {
  const n = control++;
  const isa = `ISA*00*          *00*          *ZZ*ACME3PL        *ZZ*TRADEWIREDIST  *261130*0600*U*00401*${String(n).padStart(9, '0')}*0*P*>`;
  const body = orders.flatMap((order, i) => {
    const st = String(i + 1).padStart(4, '0');
    const lines = [`W06*F*${order}*20261130*BOL-${order}-${n}`, 'N1*SF*ACME DALLAS*92*DAL1', 'LX*1', `W12*CC*${units}*${units}*0*EA**VN*ACME-BW-100`, `W03*${units}`];
    return [`ST*945*${st}`, ...lines, `SE*${lines.length + 2}*${st}`];
  });
  const bytes = Buffer.from([isa, `GS*SW*ACME3PL*TRADEWIREDIST*20261130*0600*${n}*X*004010`, ...body, `GE*${orders.length}*${n}`, `IEA*1*${String(n).padStart(9, '0')}`].join('~\n') + '~\n');
  const { id } = await store.receive({ bytes, transport: 'api' });
  return { documentId: id, sets: await intake.intake(id) };
}

const onHand = async () => Number((await ledger.balance('WIDGET-BLUE', 'DAL-3PL')).onHand);

describe('batched translation and apply', () => {
  it('translates sets of several documents in one batch, a set given twice once, and applies them with each document settled', async () => {
    const a = await shipments(['B-1', 'B-2', 'B-3']);
    const b = await shipments(['B-4', 'B-5']);
    const ids = [...a.sets, ...b.sets, a.sets[0]];
    const keys = await translation.translateMany(ids);
    expect(keys.every((k) => k.ok && typeof k.value === 'string')).toBe(true);
    expect(keys[5]).toEqual(keys[0]);
    const [{ events }] = await db.dataSource.query(`SELECT count(*)::int AS events FROM canonical_events WHERE transaction_set_id = ANY($1)`, [ids]);
    expect(events).toBe(5);

    const before = await onHand();
    const requests = ids.map((transactionSetId, i) => ({ idempotencyKey: (keys[i] as { value: string }).value, transactionSetId }));
    const results = await inventory.applyMany(requests);
    expect(results.map((r) => (r.ok ? r.value.status : 'error'))).toEqual(['applied', 'applied', 'applied', 'applied', 'applied', 'duplicate']);
    expect(before - (await onHand())).toBe(5);
    for (const doc of [a, b]) {
      expect((await store.get(doc.documentId))?.status).toBe('applied');
      expect((await store.history(doc.documentId)).map((h) => h.status).slice(-2)).toEqual(['translated', 'applied']);
    }
    // The same batch again (a redelivered job): nothing moves twice.
    expect((await inventory.applyMany(requests)).map((r) => (r.ok ? r.value.status : 'error'))).toEqual(Array(6).fill('duplicate'));
    expect(before - (await onHand())).toBe(5);
  });

  it('fails only the event that fails: the rest of its batch applies, and its document waits for it', async () => {
    const a = await shipments(['F-1', 'F-2']);
    const b = await shipments(['F-3']);
    const ids = [...a.sets, ...b.sets];
    const keys = (await translation.translateMany(ids)).map((k) => (k as { value: string }).value);
    // A quantity with more digits than the ledger holds (numeric(20, 6)): PostgreSQL refuses its write.
    await db.dataSource.query(`UPDATE canonical_events SET body = jsonb_set(body, '{payload,lines,0,shipped}', '"100000000000000000000"') WHERE idempotency_key = $1`, [keys[1]]);
    const before = await onHand();
    const results = await inventory.applyMany(ids.map((transactionSetId, i) => ({ idempotencyKey: keys[i], transactionSetId })));
    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
    expect(String((results[1] as { error: Error }).error.message)).toMatch(/overflow/);
    expect(before - (await onHand())).toBe(2);
    expect((await store.get(a.documentId))?.status).toBe('acknowledged');
    expect((await store.get(b.documentId))?.status).toBe('applied');
    const sets = await db.dataSource.query(`SELECT status FROM transaction_sets WHERE document_id = $1 ORDER BY position`, [a.documentId]);
    expect(sets.map((s: { status: string }) => s.status)).toEqual(['applied', 'translated']);
  });

  it('fails only the set that cannot be translated, and stores the others', async () => {
    const a = await shipments(['T-1', 'T-2']);
    const results = await translation.translateMany([a.sets[0], '00000000-0000-4000-8000-000000000000', a.sets[1]]);
    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
    const sets = await db.dataSource.query(`SELECT status FROM transaction_sets WHERE document_id = $1 ORDER BY position`, [a.documentId]);
    expect(sets.map((s: { status: string }) => s.status)).toEqual(['translated', 'translated']);
  });

  it('translates the set stored at a position, and refuses one whose stored control number is not the one found there', async () => {
    const a = await shipments(['P-1', 'P-2', 'P-3']);
    await db.dataSource.query(`UPDATE transaction_sets SET control = '9999' WHERE id = $1`, [a.sets[2]]);
    const results = await translation.translateMany([a.sets[1], a.sets[2]]);
    expect(results[0].ok).toBe(true);
    const [event] = await db.dataSource.query(`SELECT body FROM canonical_events WHERE transaction_set_id = $1`, [a.sets[1]]);
    expect(event.body.payload.orderId).toBe('P-2');
    expect(results[1]).toEqual({ ok: false, error: expect.objectContaining({ message: expect.stringContaining('stored as') }) });
  });

  it('sends one ASN when two 945s of the same order are applied in one batch, as it would one after the other', async () => {
    const orders = new OrderService(db.dataSource, profiles);
    await ledger.apply(goodsReceived(GOODS_RECEIPT.parse({ receiptId: 'R-BATCH', supplier: 'northwind-supplier', location: 'DAL-3PL', receivedAt: '2026-11-30T05:00:00Z', lines: [{ sku: 'WIDGET-BLUE', quantity: '50' }] })));
    await orders.place(WAREHOUSE_ORDER_REQUEST.parse({
      orderId: 'SO-BATCH', warehouse: 'acme-3pl', customer: 'brightmart-retail', purchaseOrder: 'PO-BATCH', lines: [{ sku: 'WIDGET-BLUE', quantity: '4' }],
      shipTo: { name: 'BRIGHTMART DC 42', address: ['42 DOCK RD'], city: 'DALLAS', state: 'TX', postalCode: '75201', country: 'US' },
    }), 'test');
    const first = await shipments(['SO-BATCH'], 2);
    const second = await shipments(['SO-BATCH'], 2);
    const ids = [first.sets[0], second.sets[0]];
    const keys = (await translation.translateMany(ids)).map((k) => (k as { value: string }).value);
    const results = await inventory.applyMany(ids.map((transactionSetId, i) => ({ idempotencyKey: keys[i], transactionSetId })));
    expect(results.map((r) => (r.ok ? r.value.status : 'error'))).toEqual(['applied', 'applied']);
    expect(results.map((r) => (r.ok ? r.value.followUps?.outboundDocumentIds.length ?? 0 : -1))).toEqual([1, 0]);
    const asns = await db.dataSource.query(`SELECT id FROM outbound_documents WHERE partner_id = 'brightmart-retail' AND kind = '856'`);
    expect(asns).toHaveLength(1);
    const [order] = await db.dataSource.query(`SELECT status, asn_document_id FROM warehouse_orders WHERE order_id = 'SO-BATCH'`);
    expect(order).toEqual({ status: 'shipped', asn_document_id: asns[0].id });
    const [expectation] = await db.dataSource.query(`SELECT status, settled_by FROM expectations WHERE kind = 'shipment' AND reference = 'SO-BATCH'`);
    expect(expectation).toEqual({ status: 'fulfilled', settled_by: keys[0] });
  });
});

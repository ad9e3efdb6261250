import { CanonicalEvent, QUANTITY } from '@tradewire/canonical';
import { z } from 'zod';

/**
 * A receipt at one of our locations, reported by the ERP or by ops through the API (no X12 set in
 * our scope carries it: a 944 or 861 would map here). It raises on hand and, when it names the
 * supplier's shipment (the 856's BSN02), closes that shipment's in-transit quantity. The receipt ID
 * is the caller's business key: the same receipt posted twice applies once.
 */
export const GOODS_RECEIPT = z.strictObject({
  receiptId: z.string().min(1).max(128),
  /** The supplier's partner ID, whose shipment this receives. */
  supplier: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/),
  shipmentId: z.string().min(1).max(128).optional(),
  location: z.string().min(1).max(128),
  receivedAt: z.string().datetime({ offset: true }),
  lines: z
    .array(z.strictObject({ sku: z.string().min(1).max(128), quantity: QUANTITY.refine((q) => !q.startsWith('-') && !/^0+(\.0+)?$/.test(q), 'a positive quantity') }))
    .min(1)
    .max(10_000),
});
export type GoodsReceipt = z.infer<typeof GOODS_RECEIPT>;

export interface GoodsReceived {
  readonly type: 'GoodsReceived';
  readonly idempotencyKey: string;
  readonly source: { readonly partner: string };
  readonly occurredAt: string;
  readonly findings: readonly [];
  readonly payload: Omit<GoodsReceipt, 'lines'> & { readonly lines: ReadonlyArray<{ readonly line: number; readonly sku: string; readonly quantity: string }> };
}

/** What the ledger applies: a partner's document as a canonical event, or a receipt of ours. */
export type LedgerEvent = CanonicalEvent | GoodsReceived;

/** The ledger event for a checked receipt; its key depends only on the supplier and receipt ID. */
export function goodsReceived(receipt: GoodsReceipt): GoodsReceived {
  return {
    type: 'GoodsReceived',
    idempotencyKey: `GoodsReceived|${receipt.supplier}|${receipt.receiptId.replace(/[|\\]/g, (c) => `\\${c}`)}`,
    source: { partner: receipt.supplier },
    occurredAt: receipt.receivedAt,
    findings: [],
    payload: { ...receipt, lines: receipt.lines.map((l, i) => ({ line: i + 1, ...l })) },
  };
}

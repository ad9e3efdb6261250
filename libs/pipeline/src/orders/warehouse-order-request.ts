import { compareDecimal, DecimalString, QUANTITY, subtractDecimal, WAREHOUSE_ORDER_RELEASED } from '@tradewire/canonical';
import { z } from 'zod';

/**
 * `POST /orders`: a warehouse order from the ERP, to be allocated and released to a 3PL as a 940.
 * W0502 (order number) is at most 22 characters (element 324… in 004010: AN 1/22).
 */
export const WAREHOUSE_ORDER_REQUEST = z.strictObject({
  orderId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._/-]{0,21}$/, 'letters, digits, . _ / -, at most 22 (W0502)'),
  /** The 3PL's partner ID. */
  warehouse: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/),
  /** Our location at that 3PL; may be left out when the 3PL runs one. */
  location: z.string().min(1).optional(),
  purchaseOrder: z.string().min(1).max(22).optional(),
  /** The customer's partner ID, when it wants an ASN (856) once the 3PL confirms the shipment. */
  customer: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/).optional(),
  shipTo: WAREHOUSE_ORDER_RELEASED.shape.payload.shape.shipTo,
  requestedShipDate: z.string().date().optional(),
  /** Quantities in eaches, the unit the ledger counts in (the 940 says EA). */
  lines: z
    .array(z.strictObject({ sku: z.string().min(1).max(128), quantity: QUANTITY.refine((q) => compareDecimal(q, '0') > 0, 'a positive quantity')}))
    .min(1)
    .max(1000),
  /** What to do when stock is short: refuse the whole order (409), or release what is available and back-order the rest. */
  shortage: z.enum(['refuse', 'backorder']).default('refuse'),
});
export type WarehouseOrderRequest = z.output<typeof WAREHOUSE_ORDER_REQUEST>;

export interface Allotment {
  /** The lines to release, numbered from 1 in request order (fully back-ordered lines left out). */
  readonly release: Array<{ line: number; sku: string; quantity: DecimalString }>;
  readonly backordered: Array<{ line: number; sku: string; quantity: DecimalString }>;
}

/**
 * Splits an order's lines into what available to promise covers and what it does not, line by line
 * in request order (two lines of one SKU draw on the same availability). Pure.
 */
export function allot(lines: WarehouseOrderRequest['lines'], available: ReadonlyMap<string, DecimalString>): Allotment {
  const left = new Map(available);
  const release: Allotment['release'] = [];
  const backordered: Allotment['backordered'] = [];
  lines.forEach((l, i) => {
    const have = left.get(l.sku) ?? '0';
    const take = compareDecimal(have, l.quantity) >= 0 ? l.quantity : compareDecimal(have, '0') > 0 ? have : '0';
    left.set(l.sku, subtractDecimal(have, take));
    if (compareDecimal(take, '0') > 0) release.push({ line: i + 1, sku: l.sku, quantity: take });
    if (compareDecimal(take, l.quantity) < 0) backordered.push({ line: i + 1, sku: l.sku, quantity: subtractDecimal(l.quantity, take) });
  });
  return { release, backordered };
}

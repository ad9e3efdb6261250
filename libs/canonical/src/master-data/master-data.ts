import { z } from 'zod';

/**
 * The canonical master data the events refer to by code: our items (SKU, GTIN), our locations and
 * units of measure. Partners' identifiers map onto these through their profiles' cross-references.
 */

/** GS1 check digit (mod 10, weights 3/1 from the right) of a GTIN-8/12/13/14. */
export function hasValidGtinCheckDigit(gtin: string): boolean {
  if (!/^([0-9]{8}|[0-9]{12,14})$/.test(gtin)) return false;
  const digits = gtin.split('').map(Number);
  const check = digits.pop() as number;
  const sum = digits.reverse().reduce((acc, d, i) => acc + d * (i % 2 === 0 ? 3 : 1), 0);
  return (10 - (sum % 10)) % 10 === check;
}

export const UNIT_OF_MEASURE = z.strictObject({
  /** X12 element 355 code: EA, CA, LB… */
  code: z.string().regex(/^[0-9A-Z]{2}$/),
  name: z.string().min(1),
});

export const ITEM = z.strictObject({
  sku: z.string().min(1).max(48),
  gtin: z.string().refine(hasValidGtinCheckDigit, 'a GTIN-8, -12, -13 or -14 with a valid check digit').optional(),
  description: z.string().optional(),
  /** Stock is counted in this unit; partners' units convert to it. */
  baseUnit: z.string().regex(/^[0-9A-Z]{2}$/).default('EA'),
});

export const LOCATION = z.strictObject({
  code: z.string().min(1).max(32),
  name: z.string().min(1),
  /** warehouse: ours; 3pl: a partner's warehouse holding our stock; in-transit: goods between places; store: a customer's. */
  kind: z.enum(['warehouse', '3pl', 'in-transit', 'store']),
  /** The partner profile that operates it, for 3PL locations. */
  partner: z.string().optional(),
});

export type UnitOfMeasure = z.infer<typeof UNIT_OF_MEASURE>;
export type Item = z.infer<typeof ITEM>;
export type Location = z.infer<typeof LOCATION>;

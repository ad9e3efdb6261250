import { readFileSync } from 'fs';
import { join } from 'path';
import fc from 'fast-check';
import { normalizeDecimal, WarehouseOrderReleased } from '@tradewire/canonical';
import { PartnerProfile } from '@tradewire/partners';
import { baseCatalog, validateTransaction } from '@tradewire/specs';
import { generateWarehouseOrder, MappingContext, OutboundMappingError, outboundInterchange, renderX12 } from '@tradewire/mapping';
import { asReadBack, committedProfile, FIXTURES, onlyTransaction, readBackEvent } from './round-trip.testing';

const ACME = committedProfile('acme-3pl');
const context = (p: PartnerProfile = ACME) => new MappingContext(p, '940', 'outbound');
const INPUT = JSON.parse(readFileSync(join(FIXTURES, 'warehouse-order-acme.input.json'), 'utf8')) as WarehouseOrderReleased;

/** The whole outbound path: 940 → interchange (control numbers and time given, so deterministic) → text. */
function render(event: WarehouseOrderReleased, p: PartnerProfile = ACME): string {
  const transaction = generateWarehouseOrder(event, context(p), 1);
  // The 940 has no date of its own: the interchange time stands for the event's (ISA09/ISA10, minutes).
  return renderX12(outboundInterchange(p, [transaction], { interchangeControl: 1001, groupControl: 1001, at: event.occurredAt }), p);
}

/** Generate → parse → read back through the mapper registry ('940:outbound'), as replay does. */
const readBack = (text: string, p: PartnerProfile = ACME) => readBackEvent<WarehouseOrderReleased>(text, p, 'WarehouseOrderReleased');

describe('generateWarehouseOrder', () => {
  it('writes the golden 940 for ACME byte for byte', () => {
    expect(render(INPUT)).toBe(readFileSync(join(FIXTURES, 'warehouse-order-acme.edi'), 'utf8'));
  });

  it('writes a 940 that parses without diagnostics and validates clean against the 004010 spec', () => {
    const tx = onlyTransaction(render(INPUT));
    expect(validateTransaction(tx, baseCatalog().spec('940', '004010')).segments).toEqual([]);
  });

  it('reads its own 940 back into the event it was written from', () => {
    const read = readBack(render(INPUT));
    expect(read.findings).toEqual([]);
    expect(read.source).toMatchObject({ partner: 'acme-3pl', interchange: '000001001', group: '1001', transaction: '0001', set: '940' });
    expect(read).toEqual(asReadBack(INPUT, read));
  });

  it('refuses unknown SKUs, listing every one of them', () => {
    const lines = [...INPUT.payload.lines, { ...INPUT.payload.lines[0], line: 3, sku: 'GADGET-1' }, { ...INPUT.payload.lines[0], line: 4, sku: 'GADGET-2' }];
    let error: unknown;
    try {
      generateWarehouseOrder({ ...INPUT, payload: { ...INPUT.payload, lines } }, context(), 1);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(OutboundMappingError);
    const problems = (error as OutboundMappingError).problems;
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/line 3: SKU GADGET-1 has no item ID for acme-3pl/);
    expect(problems[1]).toMatch(/line 4: SKU GADGET-2 has no item ID for acme-3pl/);
  });

  it.each([
    ['a warehouse with no partner code', { warehouse: 'NOWHERE' }, /warehouse NOWHERE has no location code/],
    ['a negative quantity', { lines: [{ ...INPUT.payload.lines[0], quantity: '-1' }] }, /line 1: quantity -1 is negative/],
    ['a partner item the cross-reference contradicts', { lines: [{ ...INPUT.payload.lines[0], partnerItem: { qualifier: 'VN', value: 'ACME-RW-200' } }] }, /cross-reference gives VN ACME-BW-100/],
    ['no lines', { lines: [] }, /no lines/],
    ['a ship-to with neither name nor ID', { shipTo: { city: 'DALLAS' } }, /R0203/],
  ])('refuses %s', (_name, change, message) => {
    const event = { ...INPUT, payload: { ...INPUT.payload, ...change } } as WarehouseOrderReleased;
    expect(() => generateWarehouseOrder(event, context(), 1)).toThrow(message);
  });

  it('refuses an event held for review and a partner that does not receive 940s', () => {
    const held = { ...INPUT, findings: [{ code: 'UNKNOWN_ITEM' as const, message: 'SKU X is unknown' }] };
    expect(() => generateWarehouseOrder(held, context(), 1)).toThrow(/held for review/);
    expect(() => generateWarehouseOrder(INPUT, new MappingContext(committedProfile('shopmart-marketplace'), '940', 'outbound'), 1)).toThrow(/does not receive 940/);
  });
});

// -------------------------------------------------------------------------------------------------
// Property: any order over ACME's cross-referenced SKUs survives generate → parse → read back.
// -------------------------------------------------------------------------------------------------

const SEED = 0x940;
const text = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-'), minLength: min, maxLength: max });
/** Decimal quantities as the canonical model writes them: "12", "2.5", "0.125". */
const quantity = fc.oneof(
  fc.integer({ min: 0, max: 99999 }).map(String),
  fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 1, max: 999 })).map(([w, f]) => normalizeDecimal(`${w}.${String(f).padStart(3, '0')}`)),
);
const pad2 = (n: number) => String(n).padStart(2, '0');
/** X12 times carry no zone and ISA10 only minutes: UTC, whole minutes, in the form the reader writes. */
const isoMinute = fc.tuple(fc.integer({ min: 2000, max: 2099 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
  .map(([y, mo, d, h, mi]) => `${y}-${pad2(mo)}-${pad2(d)}T${pad2(h)}:${pad2(mi)}:00Z`);
const isoDay = isoMinute.map((t) => t.slice(0, 10));

/** A ship-to the N1 syntax notes allow: a name or an ID; address lines only when there are some. */
const partyArbitrary = fc
  .record({
    name: text(1, 30), idQualifier: fc.constantFrom('92', '1'), id: text(2, 12), address: fc.array(text(1, 30), { minLength: 1, maxLength: 4 }),
    city: text(2, 20), state: fc.constantFrom('TX', 'CA', 'ON'), postalCode: text(3, 10), country: fc.constantFrom('US', 'CA'),
  }, { requiredKeys: [] })
  .filter((p) => (p.name !== undefined || p.idQualifier !== undefined) && (p.idQualifier === undefined) === (p.id === undefined));

const ACME_ITEMS = [...new Set(ACME.crossReferences.items.map((i) => i.sku))].map((sku) => {
  const partner = context().partnerItem(sku, { segment: 'W01', position: 1, element: 'W0105' });
  if (!partner.ok) throw new Error(sku);
  return { sku, partnerItem: partner.value };
});

const orderArbitrary: fc.Arbitrary<WarehouseOrderReleased> = fc
  .record({
    occurredAt: isoMinute,
    orderId: text(1, 22),
    purchaseOrder: fc.option(text(1, 22), { nil: undefined }),
    purpose: fc.constantFrom('original' as const, 'cancel' as const, 'change' as const),
    warehouse: fc.option(fc.constant('DAL-3PL'), { nil: undefined }),
    shipTo: partyArbitrary,
    requestedShipDate: fc.option(isoDay, { nil: undefined }),
    lines: fc.array(fc.record({ item: fc.constantFrom(...ACME_ITEMS), quantity, unit: fc.constantFrom('EA', 'CA') }), { minLength: 1, maxLength: 8 }),
  })
  .map(({ occurredAt, lines, ...header }) => ({
    type: 'WarehouseOrderReleased', version: 1, idempotencyKey: 'WarehouseOrderReleased|acme-3pl|000101|1|1|1',
    source: { partner: 'acme-3pl', interchangeDate: '000101', interchange: '1', group: '1', transaction: '1', set: '940' },
    occurredAt, findings: [],
    payload: {
      ...Object.fromEntries(Object.entries(header).filter(([, v]) => v !== undefined)),
      lines: lines.map((l, i) => ({ line: i + 1, ...l.item, quantity: l.quantity, unit: l.unit })),
    } as WarehouseOrderReleased['payload'],
  }));

describe('940 round trip (property)', () => {
  it('reads back any order it writes, and every document validates clean', () => {
    const spec = baseCatalog().spec('940', '004010');
    fc.assert(
      fc.property(orderArbitrary, (event) => {
        const edi = render(event);
        expect(validateTransaction(onlyTransaction(edi), spec).segments).toEqual([]);
        const read = readBack(edi);
        expect(read).toEqual(asReadBack(event, read));
      }),
      { seed: SEED, numRuns: 150 },
    );
  });
});

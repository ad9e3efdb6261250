import { readFileSync } from 'fs';
import { join } from 'path';
import fc from 'fast-check';
import { normalizeDecimal, ShipmentNoticeIssued } from '@tradewire/canonical';
import { PartnerProfile } from '@tradewire/partners';
import { baseCatalog, validateTransaction } from '@tradewire/specs';
import { generateShipNotice, Hierarchy, MappingContext, OutboundMappingError, outboundInterchange, renderX12 } from '@tradewire/mapping';
import { asReadBack, committedProfile, FIXTURES, onlyTransaction, readBackEvent } from './round-trip.testing';

const BRIGHTMART = committedProfile('brightmart-retail');
/** BrightMart as if its guide asked for S-O-I (BSN05 0004) instead of S-O-P-I. */
const withHierarchy = (hierarchy: Hierarchy): PartnerProfile => ({
  ...BRIGHTMART,
  transactionSets: BRIGHTMART.transactionSets.map((t) => (t.set === '856' ? { ...t, mapping: { ...t.mapping, hierarchy } } : t)),
});
const context = (p: PartnerProfile = BRIGHTMART) => new MappingContext(p, '856', 'outbound');
const INPUT = JSON.parse(readFileSync(join(FIXTURES, 'ship-notice-brightmart.input.json'), 'utf8')) as ShipmentNoticeIssued;

function render(event: ShipmentNoticeIssued, p: PartnerProfile = BRIGHTMART): string {
  const transaction = generateShipNotice(event, context(p), 1);
  return renderX12(outboundInterchange(p, [transaction], { interchangeControl: 2001, groupControl: 2001, at: event.occurredAt }), p);
}

/** Generate → parse → read back through the mapper registry ('856:outbound'), as replay does. */
const readBack = (text: string, p: PartnerProfile = BRIGHTMART) => readBackEvent<ShipmentNoticeIssued>(text, p, 'ShipmentNoticeIssued');

const tags = (text: string) => onlyTransaction(text).segments?.map((s) => s.raw) ?? [];

describe('generateShipNotice', () => {
  it('writes the golden S-O-P-I 856 for BrightMart byte for byte', () => {
    expect(render(INPUT)).toBe(readFileSync(join(FIXTURES, 'ship-notice-brightmart.edi'), 'utf8'));
  });

  it.each(['SOPI', 'SOI'] as const)('writes a %s 856 that parses without diagnostics and validates clean (HL, CTT checks included)', (hierarchy) => {
    const tx = onlyTransaction(render(INPUT, withHierarchy(hierarchy)));
    expect(validateTransaction(tx, baseCatalog().spec('856', '004010')).segments).toEqual([]);
  });

  it('in S-O-I puts items directly under their order, each carrying its pack SSCC in MAN*GM', () => {
    const raw = tags(render(INPUT, withHierarchy('SOI')));
    expect(raw[1]).toBe('BSN*00*SHP-20261202-01*20261202*1645*0004');
    expect(raw.filter((s) => s.startsWith('HL*'))).toEqual(['HL*1**S*1', 'HL*2*1*O*1', 'HL*3*2*I*0', 'HL*4*2*I*0', 'HL*5*2*I*0', 'HL*6*1*O*1', 'HL*7*6*I*0']);
    expect(raw.slice(raw.indexOf('HL*3*2*I*0'), raw.indexOf('HL*4*2*I*0'))).toEqual(['HL*3*2*I*0', 'LIN**UP*012345678905', 'SN1**12*EA', 'MAN*GM*000123456000000012']);
    expect(raw.find((s) => s.startsWith('CTT'))).toBe('CTT*7*55');
  });

  it.each(['SOPI', 'SOI'] as const)('reads its own %s 856 back into the event it was written from', (hierarchy) => {
    const p = withHierarchy(hierarchy);
    const read = readBack(render(INPUT, p), p);
    expect(read.findings).toEqual([]);
    expect(read.source).toMatchObject({ partner: 'brightmart-retail', interchange: '000002001', group: '2001', transaction: '0001', set: '856' });
    expect(read).toEqual(asReadBack(INPUT, read));
  });

  it('refuses unknown SKUs, listing every one of them', () => {
    const unknown = (sku: string) => ({ sku, partnerItem: { qualifier: 'UP', value: '000000000000' }, quantity: '1', unit: 'EA' });
    const orders = [...INPUT.payload.orders, { purchaseOrder: 'PO-9', packs: [{ items: [unknown('GADGET-1')] }, { items: [unknown('GADGET-2')] }] }];
    let error: unknown;
    try {
      generateShipNotice({ ...INPUT, payload: { ...INPUT.payload, orders } }, context(), 1);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(OutboundMappingError);
    expect((error as OutboundMappingError).problems).toEqual([
      'orders[2].packs[0].items[0]: SKU GADGET-1 has no item ID for brightmart-retail',
      'orders[2].packs[1].items[0]: SKU GADGET-2 has no item ID for brightmart-retail',
    ]);
  });

  it('refuses an SSCC on two packs', () => {
    const [first] = INPUT.payload.orders;
    const orders = [{ ...first, packs: [first.packs[0], { ...first.packs[1], sscc: first.packs[0].sscc }] }];
    expect(() => generateShipNotice({ ...INPUT, payload: { ...INPUT.payload, orders } }, context(), 1)).toThrow(/SSCC 000123456000000012 is on more than one pack/);
  });
});

describe('readShipNotice', () => {
  it('holds a read-back 856 whose item is no longer in the cross-reference, keeping the partner item', () => {
    const edited = render(INPUT).replace('LIN**UP*012345678912~', 'LIN**UP*099999999999~');
    const read = readBack(edited);
    expect(read.findings).toEqual([expect.objectContaining({ code: 'UNKNOWN_ITEM', segment: 'LIN', element: 'LIN03', value: '099999999999' })]);
    expect(read.payload.orders[0].packs[0].items[1]).toEqual({ partnerItem: { qualifier: 'UP', value: '099999999999' }, quantity: '6', unit: 'EA' });
  });
});

// -------------------------------------------------------------------------------------------------
// Property: any shipment over BrightMart's cross-referenced SKUs survives generate → parse → read back,
// in both hierarchies.
// -------------------------------------------------------------------------------------------------

const SEED = 0x856;
const text = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-'), minLength: min, maxLength: max });
const quantity = fc.oneof(
  fc.integer({ min: 0, max: 99999 }).map(String),
  fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 1, max: 9 })).map(([w, f]) => normalizeDecimal(`${w}.${f}`)),
);
const pad2 = (n: number) => String(n).padStart(2, '0');
/** X12 times carry no zone: UTC, whole seconds (TM carries HHMMSS), in the form the reader writes. */
const isoSecond = fc.tuple(fc.integer({ min: 2000, max: 2099 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 }))
  .map(([y, mo, d, h, mi, s]) => `${y}-${pad2(mo)}-${pad2(d)}T${pad2(h)}:${pad2(mi)}:${pad2(s)}Z`);
const party = fc
  .record({
    name: text(1, 30), idQualifier: fc.constantFrom('92', '1'), id: text(2, 12), address: fc.array(text(1, 30), { minLength: 1, maxLength: 4 }),
    city: text(2, 20), state: fc.constantFrom('TX', 'CA'), postalCode: text(3, 10), country: fc.constantFrom('US', 'CA'),
  }, { requiredKeys: [] })
  .filter((p) => (p.name !== undefined || p.idQualifier !== undefined) && (p.idQualifier === undefined) === (p.id === undefined));
/** A carrier is absent, or names at least one thing: an empty carrier has nothing to write. */
const carrier = fc.option(fc.record({ scac: fc.constantFrom('ODFL', 'UPSN', 'FDEG'), trackingNumber: text(1, 20) }, { requiredKeys: [] }).filter((c) => Object.keys(c).length > 0), { nil: undefined });

const ITEMS = [...new Set(BRIGHTMART.crossReferences.items.map((i) => i.sku))].map((sku) => {
  const partner = context().partnerItem(sku, { segment: 'LIN', position: 1, element: 'LIN03' });
  if (!partner.ok) throw new Error(sku);
  return { sku, partnerItem: partner.value };
});
const item = fc.record({ ref: fc.constantFrom(...ITEMS), quantity, unit: fc.constantFrom('EA', 'CA') }).map(({ ref, ...rest }) => ({ ...ref, ...rest }));
const pack = fc.record({ hasSscc: fc.boolean(), items: fc.array(item, { minLength: 1, maxLength: 3 }) });
const order = fc.record({ purchaseOrder: text(1, 22), packs: fc.array(pack, { minLength: 1, maxLength: 3 }) });

/**
 * SSCCs are numbered so every pack's is unique. In S-O-I a pack has no HL of its own and is known
 * only by its SSCC, so there every pack gets one; in S-O-P-I some packs go without.
 */
function shipment(hierarchy: Hierarchy): fc.Arbitrary<ShipmentNoticeIssued> {
  return fc
    .record({ occurredAt: isoSecond, shippedAt: isoSecond, shipmentId: text(2, 30), shipTo: party, carrier, billOfLading: fc.option(text(1, 30), { nil: undefined }), orders: fc.array(order, { minLength: 1, maxLength: 3 }) })
    .map(({ occurredAt, orders, carrier: c, billOfLading, ...rest }) => {
      let serial = 0;
      const packs = (o: (typeof orders)[number]) =>
        o.packs.map((k) => ({ ...(k.hasSscc || hierarchy === 'SOI' ? { sscc: String(++serial).padStart(18, '0') } : {}), items: k.items }));
      return {
        type: 'ShipmentNoticeIssued', version: 1, idempotencyKey: 'ShipmentNoticeIssued|brightmart-retail|000101|1|1|1',
        source: { partner: 'brightmart-retail', interchangeDate: '000101', interchange: '1', group: '1', transaction: '1', set: '856' },
        occurredAt, findings: [],
        payload: { ...rest, ...(c === undefined ? {} : { carrier: c }), ...(billOfLading === undefined ? {} : { billOfLading }), orders: orders.map((o) => ({ purchaseOrder: o.purchaseOrder, packs: packs(o) })) },
      };
    });
}

describe('856 round trip (property)', () => {
  it.each(['SOPI', 'SOI'] as const)('reads back any %s shipment it writes, and every document validates clean', (hierarchy) => {
    const p = withHierarchy(hierarchy);
    const spec = baseCatalog().spec('856', '004010');
    fc.assert(
      fc.property(shipment(hierarchy), (event) => {
        const edi = render(event, p);
        expect(validateTransaction(onlyTransaction(edi), spec).segments).toEqual([]);
        const read = readBack(edi, p);
        expect(read).toEqual(asReadBack(event, read));
      }),
      { seed: SEED, numRuns: 120 },
    );
  });
});

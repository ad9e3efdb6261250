import { readFileSync } from 'fs';
import { join } from 'path';
import fc from 'fast-check';
import { baseCatalog, validateTransaction } from '@tradewire/specs';
import { parseX12 } from '@tradewire/x12';
import { ChannelAvailability, generateAvailability, MappingContext, OutboundMappingError, outboundInterchange, readAvailability, renderX12 } from '@tradewire/mapping';
import { committedProfile, FIXTURES, onlyTransaction } from './round-trip.testing';

const SHOPMART = committedProfile('shopmart-marketplace');
const context = () => new MappingContext(SHOPMART, '846', 'outbound');
const INPUT = JSON.parse(readFileSync(join(FIXTURES, 'availability-shopmart.input.json'), 'utf8')) as ChannelAvailability;

function render(input: ChannelAvailability): string {
  const transaction = generateAvailability(input, context(), 1000);
  return renderX12(outboundInterchange(SHOPMART, [transaction], { interchangeControl: 100001, groupControl: 1, at: input.asOf }), SHOPMART);
}

/** Reads our 846 back; ChannelAvailability is not an event, so this calls the reader directly rather than the registry. */
function readBack(text: string): ReturnType<typeof readAvailability> {
  const result = parseX12(text, { keepSegments: true });
  const interchange = result.interchanges[0];
  const group = interchange.groups[0];
  const transaction = group.transactions[0];
  return readAvailability({ interchange, group, transaction, segments: transaction.segments ?? [], context: context() });
}

describe('generateAvailability', () => {
  it('writes the golden 005010 846 for ShopMart byte for byte (test usage, no trailing newline)', () => {
    expect(render(INPUT)).toBe(readFileSync(join(FIXTURES, 'availability-shopmart.edi'), 'utf8'));
  });

  it('writes an 846 that parses without diagnostics and validates clean against the 005010 spec', () => {
    const tx = onlyTransaction(render(INPUT));
    expect(validateTransaction(tx, baseCatalog().spec('846', '005010')).segments).toEqual([]);
  });

  it('writes a CTT whose line count and hash total match the LIN and QTY02', () => {
    const raw = onlyTransaction(render(INPUT)).segments?.map((s) => s.raw) ?? [];
    expect(raw.filter((s) => s.startsWith('QTY'))).toEqual(['QTY*33*140*EA', 'QTY*33*0*EA', 'QTY*33*37*EA']);
    expect(raw.find((s) => s.startsWith('CTT'))).toBe('CTT*3*177');
  });

  it('reads its own 846 back into the availability it was written from', () => {
    // Nothing differs: ChannelAvailability carries no source or key, and asOf is written to the second.
    expect(readBack(render(INPUT))).toEqual({ availability: INPUT, findings: [] });
  });

  it('refuses unknown SKUs, listing every one of them', () => {
    const lines = [...INPUT.lines, { sku: 'GADGET-1', available: '5' }, { sku: 'GADGET-2', available: '1' }];
    let error: unknown;
    try {
      generateAvailability({ ...INPUT, lines }, context(), 1000);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(OutboundMappingError);
    expect((error as OutboundMappingError).problems).toEqual([
      'lines[3] (GADGET-1): SKU GADGET-1 has no item ID for shopmart-marketplace',
      'lines[4] (GADGET-2): SKU GADGET-2 has no item ID for shopmart-marketplace',
    ]);
  });

  it.each([
    ['another channel', { channel: 'acme-3pl' }, /for channel acme-3pl, not shopmart-marketplace/],
    ['a location with no partner code', { lines: [{ sku: 'WIDGET-BLUE', available: '1', location: 'NOWHERE' }] }, /location NOWHERE has no code/],
    ['a quantity that is not a decimal', { lines: [{ sku: 'WIDGET-BLUE', available: '1e3' }] }, /not a decimal number/],
    ['an as-of that is not a date-time', { asOf: 'yesterday' }, /"yesterday" is not an ISO date-time/],
  ])('refuses %s', (_name, change, message) => {
    expect(() => generateAvailability({ ...INPUT, ...change }, context(), 1000)).toThrow(message);
  });
});

// Property: any availability over ShopMart's cross-referenced SKUs and located locations survives
// generate → parse → read back, and every document validates clean.
describe('846 round trip (property)', () => {
  const pad2 = (n: number) => String(n).padStart(2, '0');
  const isoSecond = fc
    .tuple(fc.integer({ min: 2000, max: 2099 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 }))
    .map(([y, mo, d, h, mi, s]) => `${y}-${pad2(mo)}-${pad2(d)}T${pad2(h)}:${pad2(mi)}:${pad2(s)}Z`);
  const skus = [...new Set(SHOPMART.crossReferences.items.map((i) => i.sku))];
  const locations = [...new Set(SHOPMART.crossReferences.locations.map((l) => l.location))];
  const available = fc.oneof(fc.integer({ min: 0, max: 999999 }).map(String), fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 1, max: 9 })).map(([w, f]) => `${w}.${f}`));
  const line = fc.record({ sku: fc.constantFrom(...skus), available, location: fc.option(fc.constantFrom(...locations), { nil: undefined }) }).map(({ location, ...rest }) => (location === undefined ? rest : { ...rest, location }));
  const availability = fc.record({ asOf: isoSecond, lines: fc.array(line, { minLength: 1, maxLength: 8 }) }).map((a): ChannelAvailability => ({ channel: SHOPMART.id, ...a }));

  it('reads back any availability it writes, and every document validates clean', () => {
    const spec = baseCatalog().spec('846', '005010');
    fc.assert(
      fc.property(availability, (input) => {
        const edi = render(input);
        expect(validateTransaction(onlyTransaction(edi), spec).segments).toEqual([]);
        expect(readBack(edi)).toEqual({ availability: input, findings: [] });
      }),
      { seed: 0x846, numRuns: 120 },
    );
  });
});

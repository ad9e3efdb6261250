import { ShipmentConfirmed, validateEvent } from '@tradewire/canonical';
import { parseProfile, PartnerProfile, validateProfile } from '@tradewire/partners';
import { parseX12 } from '@tradewire/x12';
import { readFileSync } from 'fs';
import { join } from 'path';
import { translateDocument } from '../translate';

const ROOT = join(__dirname, '..', '..', '..', '..');
const SAMPLE_945 = join(ROOT, 'test', 'fixtures', 'samples', '945', 'x12types-945-005010.edi');

function acme(): PartnerProfile {
  const file = join(ROOT, 'partner-profiles', 'acme-3pl.yaml');
  const parsed = parseProfile(readFileSync(file, 'utf8'), file);
  if (parsed.profile === null) throw new Error(parsed.problems.map((p) => p.message).join('; '));
  return parsed.profile;
}

function confirmed(text: string | Buffer, profile: PartnerProfile = acme()): ShipmentConfirmed {
  const [outcome] = translateDocument(parseX12(text, { keepSegments: true }), profile);
  if (outcome?.kind !== 'event' || outcome.event.type !== 'ShipmentConfirmed') throw new Error(`no ShipmentConfirmed: ${JSON.stringify(outcome)}`);
  return outcome.event;
}

/** An ACME 945 around these segments (W06 onwards, SE excluded), envelope counts right. */
function acme945(body: readonly string[]): string {
  const isa = 'ISA*00*          *00*          *ZZ*ACME3PL        *ZZ*TRADEWIREDIST  *261204*0800*U*00401*000000600*0*P*>~';
  return [isa, 'GS*SW*ACME3PL*TRADEWIREDIST*20261204*0800*600*X*004010~', 'ST*945*0001~', ...body.map((s) => `${s}~`), `SE*${body.length + 2}*0001~`, 'GE*1*600~', 'IEA*1*000000600~'].join('\n');
}

describe('mapShippingAdvice', () => {
  it('reads the public x12-types 945 sample with a derived profile, holding it for its unknown item and unqualified warehouse', () => {
    // The sample's item (VN 123456789) and warehouse (N1*SF***CHI) are nobody's in our cross-references:
    // a profile like ACME's that receives 945 in 005010 shows what the mapper makes of a stranger's document.
    const sampleIds = { ours: { qualifier: 'ZZ', id: 'RECEIVER' }, theirs: { qualifier: 'ZZ', id: 'SENDER' } };
    const derived = validateProfile({ ...acme(), id: 'x12types-sample', interchange: { ...acme().interchange, ...sampleIds }, transactionSets: [{ set: '945', direction: 'inbound', version: '005010', mapping: { productQualifier: 'VN' } }] }, 'derived');
    if (derived.profile === null) throw new Error(derived.problems.map((p) => p.message).join('; '));
    const event = confirmed(readFileSync(SAMPLE_945), derived.profile);
    expect(event.findings).toEqual([
      expect.objectContaining({ code: 'UNKNOWN_LOCATION', segment: 'N1', position: 6, element: 'N103', value: 'CHI' }),
      expect.objectContaining({ code: 'UNKNOWN_ITEM', segment: 'W12', position: 12, element: 'W1208', value: '123456789', line: 10 }),
    ]);
    expect(event.payload).toEqual({
      orderId: 'IF102', purchaseOrder: 'PO9865', billOfLading: 'BOL12345',
      // G62*10 is the requested ship date, not the shipped one: W0603 stands.
      shippedAt: '2019-06-04T00:00:00Z',
      carrier: { scac: 'NPLT' },
      lines: [{ line: 10, partnerItem: { qualifier: 'VN', value: '123456789' }, ordered: '3000', shipped: '3000', unit: 'EA', status: 'CC', lot: 'LOT12314' }],
    });
    expect(validateEvent(event).ok).toBe(true);
  });

  it('keeps a quantity in a unit without conversion as sent, with one UNKNOWN_UNIT finding for the line', () => {
    const event = confirmed(acme945(['W06*F*ORD-2001*20261204*BOL-1', 'N1*SF*ACME*92*DAL1', 'LX*1', 'W12*CP*3*2*1*PL**VN*ACME-BW-100', 'W03*2']));
    expect(event.payload.lines).toEqual([expect.objectContaining({ ordered: '3', shipped: '2', unit: 'PL' })]);
    expect(event.findings).toEqual([expect.objectContaining({ code: 'UNKNOWN_UNIT', element: 'W1203', value: 'PL', line: 1 })]);
  });

  it('drops a W12 without W1203 (no shipped quantity) and says so, rather than guessing zero', () => {
    const event = confirmed(acme945(['W06*F*ORD-2002*20261204', 'LX*1', 'W12*CC*3**3*EA**VN*ACME-BW-100', 'LX*2', 'W12*CC*1*1*0*EA**VN*ACME-RW-200', 'W03*1']));
    expect(event.payload.lines.map((l) => l.line)).toEqual([2]);
    expect(event.findings).toEqual([expect.objectContaining({ code: 'MISSING_VALUE', element: 'W1203', line: 1 })]);
  });

  it('does not take the LX segments of an LS..LE loop for new lines', () => {
    const event = confirmed(acme945(['W06*F*ORD-2003*20261204', 'LX*1', 'W12*CC*2*2*0*EA**VN*ACME-BW-100', 'LS*A', 'LX*7', 'N9*LT*NOT-THIS-ONE', 'LE*A', 'N9*LT*LOT-9', 'W03*2']));
    expect(event.payload.lines).toEqual([expect.objectContaining({ line: 1, shipped: '2', lot: 'LOT-9' })]);
  });

  it('picks the product ID by the profile qualifier, wherever the pair sits in W12', () => {
    const profile = acme();
    profile.crossReferences.items.push({ qualifier: 'UA', value: '012345678905', sku: 'WIDGET-CASE' });
    // W1206 U.P.C. case code, W1207/W1208 a BP pair, W1209..W1220 empty, W1221/W1222 the VN pair.
    const w12 = ['W12', 'CC', '1', '1', '0', 'EA', '012345678905', 'BP', 'X-1', ...Array<string>(12).fill(''), 'VN', 'ACME-RW-200'].join('*');
    const event = confirmed(acme945(['W06*F*ORD-2004*20261204', 'LX*1', w12, 'W03*1']), profile);
    expect(event.payload.lines[0]).toEqual(expect.objectContaining({ sku: 'WIDGET-RED', partnerItem: { qualifier: 'VN', value: 'ACME-RW-200' } }));
    profile.transactionSets = profile.transactionSets.map((t) => (t.set === '945' ? { ...t, mapping: { productQualifier: 'UA' } } : t));
    const byCaseCode = confirmed(acme945(['W06*F*ORD-2004*20261204', 'LX*1', w12, 'W03*1']), profile);
    expect(byCaseCode.payload.lines[0]).toEqual(expect.objectContaining({ sku: 'WIDGET-CASE', partnerItem: { qualifier: 'UA', value: '012345678905' } }));
  });

  it('falls back to the interchange date with a finding when W06 gives no date and there is no G62*11', () => {
    const event = confirmed(acme945(['W06*F*ORD-2005', 'LX*1', 'W12*CC*1*1*0*EA**VN*ACME-BW-100', 'W03*1']));
    expect(event.payload.shippedAt).toBe('2026-12-04T08:00:00Z');
    expect(event.findings).toEqual([expect.objectContaining({ code: 'MISSING_VALUE', element: 'W0603' })]);
  });
});

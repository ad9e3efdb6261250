import { InboundShipmentAdvised, validateEvent } from '@tradewire/canonical';
import { parseProfile, PartnerProfile } from '@tradewire/partners';
import { parseX12 } from '@tradewire/x12';
import { readFileSync } from 'fs';
import { join } from 'path';
import { translateDocument } from '../translate';

const ROOT = join(__dirname, '..', '..', '..', '..');

function northwind(): PartnerProfile {
  const file = join(ROOT, 'partner-profiles', 'northwind-supplier.yaml');
  const parsed = parseProfile(readFileSync(file, 'utf8'), file);
  if (parsed.profile === null) throw new Error(parsed.problems.map((p) => p.message).join('; '));
  return parsed.profile;
}

function advised(text: string | Buffer, profile: PartnerProfile = northwind()): InboundShipmentAdvised {
  const [outcome] = translateDocument(parseX12(text, { keepSegments: true }), profile);
  if (outcome?.kind !== 'event' || outcome.event.type !== 'InboundShipmentAdvised') throw new Error(`no InboundShipmentAdvised: ${JSON.stringify(outcome)}`);
  return outcome.event;
}

/** A Northwind 856 around these segments (BSN onwards, SE excluded). */
function northwind856(body: readonly string[]): string {
  const isa = 'ISA*00*          *00*          *ZZ*NORTHWIND      *ZZ*TRADEWIREDIST  *261204*0900*U*00401*000000800*0*P*>~';
  return [isa, 'GS*SH*NORTHWIND*TRADEWIREDIST*20261204*0900*800*X*004010~', 'ST*856*0001~', ...body.map((s) => `${s}~`), `SE*${body.length + 2}*0001~`, 'GE*1*800~', 'IEA*1*000000800~'].join('\n');
}

const SHIPMENT = ['BSN*00*ASN-9*20261204*0855', 'HL*1**S', 'HL*2*1*O', 'PRF*PO-9'];

describe('mapShipNotice', () => {
  it('reads the public stupidedi S/O/I sample: BP item resolves, PC has no conversion, the Toronto ship-to is not ours', () => {
    // The sample's '~' + blank line run N1/N3/N4 and HL*2 (the order level) into one segment, so the
    // item's parent HL 2 does not exist: the item loses its PO, and the mapping says why.
    // Northwind's profile with the sample's interchange IDs: translateDocument reads only the partner's interchanges.
    const sample: PartnerProfile = { ...northwind(), interchange: { ...northwind().interchange, theirs: { qualifier: 'ZZ', id: '010020001-ABCINC' }, ours: { qualifier: '01', id: '207046228T' } } };
    const event = advised(readFileSync(join(ROOT, 'test', 'fixtures', 'samples', '856', 'stupidedi-856-dollar-terminator.edi')), sample);
    expect(event.payload).toEqual(expect.objectContaining({ shipmentId: '861554', shippedAt: '2018-06-20T21:20:00Z', carrier: { scac: 'MATL' } }));
    expect(event.payload.lines).toEqual([{ line: 1, sku: 'WIDGET-BLUE', partnerItem: { qualifier: 'BP', value: 'C0355UCAD8' }, quantity: '40', unit: 'PC' }]);
    expect(event.findings.map((f) => [f.code, f.value])).toEqual([['UNKNOWN_LOCATION', '207046228T'], ['INVALID_VALUE', '2'], ['UNKNOWN_UNIT', 'PC']]);
    expect(validateEvent(event).ok).toBe(true);
  });

  it('strips the GS1 application identifier 00 from a 20-digit MAN*GM', () => {
    const event = advised(northwind856([...SHIPMENT, 'HL*3*2*P', 'MAN*GM*00008612345000001233', 'HL*4*3*I', 'LIN**BP*C0355UCAD8', 'SN1**6*EA']));
    expect(event.payload.lines[0].sscc).toBe('008612345000001233');
    expect(event.findings).toEqual([]);
  });

  it('takes the SSCC of the nearest pack when tares hold packs (S/O/T/P/I)', () => {
    const event = advised(northwind856([...SHIPMENT, 'HL*3*2*T', 'MAN*GM*008612345000001257', 'HL*4*3*P', 'MAN*GM*008612345000001240', 'HL*5*4*I', 'LIN**BP*C0411RED20', 'SN1**1*CA']));
    expect(event.payload.lines).toEqual([expect.objectContaining({ sku: 'WIDGET-RED', quantity: '24', unit: 'EA', purchaseOrder: 'PO-9', sscc: '008612345000001240' })]);
  });

  it('reads a lot from LIN*LT or REF*LT and never keys the item by it', () => {
    const event = advised(northwind856([...SHIPMENT, 'HL*3*2*I', 'LIN**LT*L-77*BP*C0355UCAD8', 'SN1**2*EA', 'HL*4*2*I', 'LIN**BP*C0411RED20', 'SN1**3*EA', 'REF*LT*L-78']));
    expect(event.payload.lines.map((l) => [l.sku, l.lot])).toEqual([['WIDGET-BLUE', 'L-77'], ['WIDGET-RED', 'L-78']]);
  });

  it('drops an item without SN1 and holds the event, rather than guessing a quantity', () => {
    const event = advised(northwind856([...SHIPMENT, 'HL*3*2*I', 'LIN**BP*C0355UCAD8', 'HL*4*2*I', 'LIN**BP*C0411RED20', 'SN1**3*EA']));
    expect(event.payload.lines.map((l) => l.line)).toEqual([2]);
    expect(event.findings).toEqual([expect.objectContaining({ code: 'MISSING_VALUE', segment: 'LIN', line: 1 })]);
  });

  it('uses the profile default location when no N1*ST names one', () => {
    const event = advised(northwind856([...SHIPMENT, 'HL*3*2*I', 'LIN**BP*C0355UCAD8', 'SN1**2*EA']));
    expect(event.payload.location).toBe('DAL-3PL');
    expect(event.payload.shippedAt).toBe('2026-12-04T08:55:00Z');
  });
});

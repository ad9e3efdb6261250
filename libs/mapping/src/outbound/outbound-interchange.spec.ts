import { parseX12, TransactionSetDocument } from '@tradewire/x12';
import { OutboundMappingError, outboundInterchange, renderX12 } from '@tradewire/mapping';
import { committedProfile } from './round-trip.testing';

const ACME = committedProfile('acme-3pl');
const SHOPMART = committedProfile('shopmart-marketplace');
const TX_940: TransactionSetDocument = { set: '940', control: '0001', segments: [['W05', 'N', 'SO-1'], ['W76', '0']] };
const TX_846: TransactionSetDocument = { set: '846', control: '1000', segments: [['BIA', '00', 'DD', 'R1', '20261130']] };
const ENVELOPE = { interchangeControl: 42, groupControl: 7, at: '2026-11-30T09:30:15Z' };

describe('outboundInterchange', () => {
  it('addresses the interchange from the profile: our IDs as sender, application codes in GS, version from the set entry', () => {
    const doc = outboundInterchange(ACME, [TX_940], ENVELOPE);
    expect(doc).toMatchObject({
      senderQualifier: 'ZZ', sender: 'TRADEWIREDIST', receiverQualifier: 'ZZ', receiver: 'ACME3PL',
      date: '261130', time: '0930', version: '00401', control: 42, usage: 'P', ackRequested: false,
    });
    expect(doc.groups).toEqual([{ functionalId: 'OW', sender: 'TRADEWIREDIST', receiver: 'ACME3PL', date: '20261130', time: '093015', control: 7, version: '004010', transactions: [TX_940] }]);
  });

  it('marks interchanges to a partner that is not live yet as test data (ISA15 T) and falls back to the ISA IDs in GS', () => {
    const doc = outboundInterchange(SHOPMART, [TX_846], { ...ENVELOPE, interchangeControl: 100000, groupControl: 1 });
    expect(doc).toMatchObject({ usage: 'T', version: '00501', receiverQualifier: '01', receiver: '123456789' });
    expect(doc.groups[0]).toMatchObject({ functionalId: 'IB', sender: 'TRADEWIREDIST', receiver: '123456789', version: '005010' });
  });

  it.each([
    ['a set the partner does not receive from us', ACME, [TX_846], ENVELOPE, /acme-3pl's profile does not receive 846/],
    ['two kinds of set in one group', ACME, [TX_940, { ...TX_846, control: '0002' }], ENVELOPE, /one functional group holds one kind of set/],
    ['an interchange control number outside the range', SHOPMART, [TX_846], ENVELOPE, /interchange control number 42 is outside shopmart-marketplace's range 100000\.\.999999999/],
    ['a transaction control number outside the range', ACME, [{ ...TX_940, control: '10000' }], ENVELOPE, /transaction set control number 10000 is outside/],
    ['repeated transaction control numbers', ACME, [TX_940, TX_940], ENVELOPE, /repeat within the group: 0001/],
    ['a suspended partner', { ...ACME, status: 'suspended' as const }, [TX_940], ENVELOPE, /acme-3pl is suspended/],
    ['nothing to send', ACME, [], ENVELOPE, /no transaction sets/],
  ])('refuses %s', (_name, p, transactions, envelope, message) => {
    expect(() => outboundInterchange(p, transactions, envelope)).toThrow(OutboundMappingError);
    expect(() => outboundInterchange(p, transactions, envelope)).toThrow(message);
  });
});

describe('renderX12', () => {
  it("writes with the partner's delimiters and a line break after each segment when trailingNewline is set", () => {
    const text = renderX12(outboundInterchange(ACME, [TX_940], ENVELOPE), ACME);
    // ISA GS ST W05 W76 SE GE IEA, each on its own line, the last one ended too.
    expect(text.split('\n')).toHaveLength(9);
    expect(text.endsWith('IEA*1*000000042~\n')).toBe(true);
    // ACME's component separator is '>' (ISA16); 00401 has no repetition separator, so ISA11 is U.
    expect(text.slice(0, 106)).toMatch(/\*U\*00401\*000000042\*0\*P\*>~$/);
    expect(parseX12(text).diagnostics).toEqual([]);
  });

  it('writes one unbroken line when trailingNewline is off', () => {
    const text = renderX12(outboundInterchange(SHOPMART, [TX_846], { ...ENVELOPE, interchangeControl: 100000, groupControl: 1 }), SHOPMART);
    expect(text).not.toContain('\n');
    expect(text.slice(0, 106)).toMatch(/\*\^\*00501\*000100000\*0\*T\*:~$/);
  });
});

import { generateX12, parseX12, SegmentData } from '@tradewire/x12';
import { baseCatalog } from '../catalog/base-catalog';
import { validateTransaction } from './validate-transaction';

/** Validates one 004010 transaction set built from `segments` (ST/SE added) and summarises the findings. */
function findings(set: string, functionalId: string, segments: SegmentData[]): string[] {
  const text = generateX12({
    senderQualifier: 'ZZ', sender: 'PARTNER', receiverQualifier: 'ZZ', receiver: 'US', date: '261130', time: '0930', version: '00401', control: 1, usage: 'T',
    groups: [{ functionalId, sender: 'PARTNER', receiver: 'US', date: '20261130', time: '0930', control: 1, version: '004010', transactions: [{ set, control: '0001', segments }] }],
  });
  const parsed = parseX12(text, { keepSegments: true });
  expect(parsed.diagnostics).toEqual([]);
  const v = validateTransaction(parsed.interchanges[0].groups[0].transactions[0], baseCatalog().spec(set, '004010'));
  return v.segments.map((s) => `${s.tag}@${s.position} ${s.elements.map((e) => `${e.position}:${e.code}`).join(',')} ${s.message}`);
}

const SHIP: SegmentData[] = [
  ['BSN', '00', 'SHIP1', '20261130', '0930', '0001'],
  ['HL', '1', '', 'S', '1'],
  ['HL', '2', '1', 'O', '1'],
  ['HL', '3', '2', 'P', '1'],
  ['HL', '4', '3', 'I', '0'],
  ['LIN', '', 'UP', '012345678905'],
  ['SN1', '', '10', 'EA'],
  ['HL', '5', '3', 'I', '0'],
  ['LIN', '', 'UP', '012345678912'],
  ['SN1', '', '2.5', 'EA'],
  ['CTT', '5', '35'],
];

function replace(list: SegmentData[], index: number, segment: SegmentData): SegmentData[] {
  return list.map((s, i) => (i === index ? segment : s));
}

describe('set-specific checks', () => {
  it('accepts an 856 whose hierarchy and totals are right (hash total ignores the decimal point)', () => {
    expect(findings('856', 'SH', SHIP)).toEqual([]);
  });

  it.each([
    ['CTT01 line count', replace(SHIP, 10, ['CTT', '4', '35']), ['CTT@12 1:7 CTT01 says 4 line items; the set has 5 HL segments']],
    ['CTT02 hash total', replace(SHIP, 10, ['CTT', '5', '12']), ['CTT@12 2:7 CTT02 hash total 12 differs from the sum of SN102, 35']],
    ['an HL parent that does not exist', replace(SHIP, 7, ['HL', '5', '9', 'I', '0']), ['HL@9 2:7 HL02 9 names no earlier HL']],
    ['HL numbering', replace(SHIP, 7, ['HL', '7', '3', 'I', '0']), ['HL@9 1:7 HL01 is 7; HL segments are numbered 1, 2, 3… in order, so 5 was expected']],
    ['a level out of the BSN05 order', replace(SHIP, 3, ['HL', '3', '2', 'S', '1']), ['HL@5 3:7 level S cannot be a child of level O in hierarchy S-O-P-I']],
    ['HL04 that says no children but has some', replace(SHIP, 3, ['HL', '3', '2', 'P', '0']), ['HL@5 4:7 HL04 is 0 but HL 3 has 2 child level(s)']],
  ])('reports %s', (_name, segments, expected) => {
    expect(findings('856', 'SH', segments)).toEqual(expected);
  });

  it('checks the 846 line count against LIN segments', () => {
    const inventory: SegmentData[] = [['BIA', '00', 'SI', 'SNAP1', '20261130'], ['LIN', '', 'UP', '012345678905'], ['QTY', '33', '10', 'EA'], ['LIN', '', 'UP', '012345678912'], ['QTY', '33', '5', 'EA'], ['CTT', '3', '15']];
    expect(findings('846', 'IB', inventory)).toEqual(['CTT@7 1:7 CTT01 says 3 line items; the set has 2 LIN segments']);
  });

  it('checks the 940 W76 total against the W01 quantities, and the 945 W03 total against W12 shipped quantities', () => {
    const order: SegmentData[] = [['W05', 'N', 'ORD1', 'PO1'], ['N1', 'ST', 'STORE 4'], ['LX', '1'], ['W01', '12', 'EA', '', 'VN', 'SKU1'], ['LX', '2'], ['W01', '3', 'EA', '', 'VN', 'SKU2'], ['W76', '14']];
    expect(findings('940', 'OW', order)).toEqual(['W76@8 1:7 W7601 says 14; the W0101 quantities add up to 15']);
    const decimals: SegmentData[] = [['W05', 'N', 'ORD1', 'PO1'], ['N1', 'ST', 'STORE 4'], ['LX', '1'], ['W01', '0.1', 'LB', '', 'VN', 'SKU1'], ['LX', '2'], ['W01', '0.2', 'LB', '', 'VN', 'SKU2'], ['W76', '0.3']];
    expect(findings('940', 'OW', decimals)).toEqual([]);
    const shipped: SegmentData[] = [['W06', 'F', 'ORD1', '20261130', 'BOL1'], ['N1', 'ST', 'STORE 4'], ['LX', '1'], ['W12', 'CC', '12', '10', '2', 'EA', '', 'VN', 'SKU1'], ['W03', '12']];
    expect(findings('945', 'SW', shipped)).toEqual(['W03@6 1:7 W0301 says 12; the W1203 quantities add up to 10']);
  });
});

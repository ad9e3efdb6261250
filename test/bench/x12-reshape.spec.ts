import { parseX12 } from '@tradewire/x12';
import { reshape } from '../../bench/x12-reshape';

/** Three small interchanges of one set each, segments ending in "~\n" as the benchmark writes them. */
function threeInterchanges(): string {
  const interchange = (n: number, set: string[]) => [
    `ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *250301*1200*U*00401*00000000${n}*0*P*:`,
    `GS*SW*SENDER*RECEIVER*20250301*1200*${n}*X*004010`, 'ST*945*0001', ...set, `SE*${set.length + 2}*0001`, `GE*1*${n}`, `IEA*1*00000000${n}`,
  ];
  const segments = [
    ...interchange(1, ['W06*F*DO1*20250301*SH1**PO1', 'LX*1', 'W12*CC*17*17*0*EA*911059969802']),
    ...interchange(2, ['W06*F*DO2*20250301*SH2**PO2']),
    ...interchange(3, ['W06*F*DO3*20250301*SH3**PO3', 'LX*1']),
  ];
  return segments.map((s) => `${s}~\n`).join('');
}

const DATA_SEGMENTS = 6;

describe('reshaping a benchmark file (parse-steps --shape)', () => {
  it('leaves the file as it is for "file"', () => {
    expect(reshape(threeInterchanges(), 'file')).toBe(threeInterchanges());
  });

  it('moves every set into one interchange and group, with unique control numbers, and the result parses clean', () => {
    const result = parseX12(reshape(threeInterchanges(), 'one-interchange'));

    expect(result.diagnostics).toEqual([]);
    expect(result.interchanges).toHaveLength(1);
    const [group] = result.interchanges[0].groups;
    expect(group.transactions.map((t) => [t.control, t.segmentCount])).toEqual([['000000001', 5], ['000000002', 3], ['000000003', 4]]);
    expect(result.segmentCount).toBe(4 + DATA_SEGMENTS + 3 * 2);
  });

  it('moves every data segment into one set, and the result parses clean', () => {
    const result = parseX12(reshape(threeInterchanges(), 'one-set'));

    expect(result.diagnostics).toEqual([]);
    expect(result.interchanges[0].groups[0].transactions.map((t) => t.segmentCount)).toEqual([DATA_SEGMENTS + 2]);
  });

  it('refuses a shape it does not know', () => {
    expect(() => reshape(threeInterchanges(), 'two-sets')).toThrow(/--shape takes/);
  });
});

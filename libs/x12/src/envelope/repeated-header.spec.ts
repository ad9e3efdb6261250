import { Diagnostic } from '../diagnostics/diagnostic';
import { parseX12 } from '../parser/x12-parser';
import { InterchangeEnvelope } from './envelope';

/**
 * The parser reads an ISA or GS that repeats an earlier clean one but for its control number by
 * taking over that one's values (repeated-header.ts). These tests hold it to the rule that makes
 * that safe: every interchange of a file gets the same values and diagnostics as when parsed alone.
 */

interface Header {
  receiver: string;
  date: string;
  isa11: string;
  isa12: string;
  gsDate: string;
  gs08: string;
  functionalId: string;
}

const CLEAN: Header = { receiver: 'DISTRIBUTOR', date: '261130', isa11: 'U', isa12: '00401', gsDate: '20261130', gs08: '004010', functionalId: 'SW' };

function interchange(h: Header, isaControl: string, gsControl: string): string {
  return [
    `ISA*00*          *00*          *ZZ*WAREHOUSE3PL   *ZZ*${h.receiver.padEnd(15)}*${h.date}*0930*${h.isa11}*${h.isa12}*${isaControl}*0*P*>~`,
    `GS*${h.functionalId}*WAREHOUSE3PL*${h.receiver}*${h.gsDate}*0930*${gsControl}*X*${h.gs08}~`,
    'ST*945*0001~', 'W06*F*ORD-1*20261130*BOL1~', 'SE*3*0001~',
    `GE*1*${gsControl}~`,
    `IEA*1*${isaControl}~`,
  ].join('\n') + '\n';
}

/** An interchange as seen from inside it: positions in the input left out. */
function alone(ic: InterchangeEnvelope | undefined, diagnostics: readonly Diagnostic[]): unknown {
  const located = new Set(['segmentIndex', 'offset', 'line']);
  return JSON.parse(JSON.stringify({ ic, diagnostics }, (key, value) => (located.has(key) ? undefined : value)));
}

/** Each interchange of `parts` parsed within the whole file, and parsed on its own. */
function inFileAndAlone(parts: string[]): { inFile: unknown[]; alone: unknown[] } {
  const whole = parseX12(parts.join(''));
  // With a segment listener the tokenizer cuts every segment's elements as it reads it (the GS's
  // too): the envelopes must not depend on it.
  expect(parseX12(parts.join(''), { onSegment: () => undefined })).toEqual(whole);
  const byInterchange = (ic: InterchangeEnvelope, i: number) => {
    const end = i + 1 < whole.interchanges.length ? whole.interchanges[i + 1].offset : Infinity;
    return whole.diagnostics.filter((d) => d.offset >= ic.offset && d.offset < end);
  };
  return {
    inFile: whole.interchanges.map((ic, i) => alone(ic, byInterchange(ic, i))),
    alone: parts.map((p) => {
      const one = parseX12(p);
      return alone(one.interchanges[0], one.diagnostics);
    }),
  };
}

describe('repeated ISA and GS headers', () => {
  it('give each interchange its own control numbers and the shared values, with no diagnostic', () => {
    const parts = [1, 2, 3, 4].map((n) => interchange(CLEAN, `00000000${n}`, String(n)));
    const result = parseX12(parts.join(''));
    expect(result.diagnostics).toEqual([]);
    expect(result.interchanges.map((ic) => [ic.control, ic.groups[0].control, ic.receiver, ic.date, ic.groups[0].version])).toEqual([
      ['000000001', '1', 'DISTRIBUTOR', '261130', '004010'],
      ['000000002', '2', 'DISTRIBUTOR', '261130', '004010'],
      ['000000003', '3', 'DISTRIBUTOR', '261130', '004010'],
      ['000000004', '4', 'DISTRIBUTOR', '261130', '004010'],
    ]);
  });

  it.each([
    ['an ISA13 that is not nine digits', interchange(CLEAN, '00000000A', '2'), 'ISA_CONTROL_INVALID'],
    ['a short ISA13', interchange(CLEAN, '0002', '2'), 'ISA_CONTROL_INVALID'],
    ['an empty GS06', interchange(CLEAN, '000000002', ''), 'GS_ELEMENT_MISSING'],
    ['a GS06 with a letter', interchange(CLEAN, '000000002', '2A'), 'GS_CONTROL_INVALID'],
    ['an impossible ISA09 date', interchange({ ...CLEAN, date: '261301' }, '000000002', '2'), 'ISA_DATE_INVALID'],
    ['an impossible GS04 date', interchange({ ...CLEAN, gsDate: '20261301' }, '000000002', '2'), 'GS_DATE_INVALID'],
    ['a GS08 of another release than ISA12', interchange({ ...CLEAN, isa11: '^', isa12: '00501' }, '000000002', '2'), 'VERSION_MISMATCH'],
  ])('report %s in a repeat of a clean header exactly as in the interchange alone', (_name, damaged, code) => {
    const parts = [interchange(CLEAN, '000000001', '1'), damaged, interchange(CLEAN, '000000003', '3')];
    const { inFile, alone: expected } = inFileAndAlone(parts);
    expect(inFile).toEqual(expected);
    expect(JSON.stringify(inFile[1])).toContain(code);
    expect(JSON.stringify([inFile[0], inFile[2]])).not.toContain(code);
  });

  it.each([
    ['GS01', 'GS*SW*', 'GS*FA*', 'functionalId', 'FA'],
    ['GS02', '*WAREHOUSE3PL*DISTRIBUTOR*2026', '*WAREHOUSE3PM*DISTRIBUTOR*2026', 'sender', 'WAREHOUSE3PM'],
    ['GS03', '*WAREHOUSE3PL*DISTRIBUTOR*2026', '*WAREHOUSE3PL*RETAILER*2026', 'receiver', 'RETAILER'],
    ['GS04', '*20261130*0930*2*', '*20261129*0930*2*', 'date', '20261129'],
    ['GS05', '*0930*2*X*', '*0931*2*X*', 'time', '0931'],
    ['GS07', '*2*X*004010', '*2*T*004010', 'agency', 'T'],
    ['GS08', '*2*X*004010~', '*2*X*004020~', 'version', '004020'],
  ])('take nothing over from a remembered GS when only %s differs', (_name, from, to, field, value) => {
    const changed = interchange(CLEAN, '000000002', '2').replace(from, to);
    expect(changed).not.toEqual(interchange(CLEAN, '000000002', '2'));
    const parts = [interchange(CLEAN, '000000001', '1'), changed, interchange(CLEAN, '000000003', '3')];
    const { inFile, alone: expected } = inFileAndAlone(parts);
    expect(inFile).toEqual(expected);
    const groups = parseX12(parts.join('')).interchanges.map((ic) => (ic.groups[0] as unknown as Record<string, string>)[field]);
    expect(groups[1]).toBe(value);
    expect(groups[0]).not.toBe(value);
  });

  it('keep the checks of the version a GS is read under: the same GS text under another ISA12 is checked again', () => {
    const gs = CLEAN;
    const newer = { ...CLEAN, isa11: '^', isa12: '00501' };
    const parts = [interchange(gs, '000000001', '1'), interchange(newer, '000000002', '1'), interchange(gs, '000000003', '1'), interchange(newer, '000000004', '1')];
    const { inFile, alone: expected } = inFileAndAlone(parts);
    expect(inFile).toEqual(expected);
    expect(parseX12(parts.join('')).diagnostics.map((d) => d.code)).toEqual(['VERSION_MISMATCH', 'VERSION_MISMATCH']);
  });

  it('are recognised when a file alternates between partners and functional groups', () => {
    const other = { ...CLEAN, receiver: 'RETAILER', functionalId: 'FA' };
    const parts = Array.from({ length: 8 }, (_, i) => interchange(i % 2 === 0 ? CLEAN : other, String(i + 1).padStart(9, '0'), String(i + 1)));
    parts[5] = interchange(other, '00000006X', '6');
    const { inFile, alone: expected } = inFileAndAlone(parts);
    expect(inFile).toEqual(expected);
    expect(parseX12(parts.join('')).diagnostics.map((d) => [d.code, d.line])).toEqual([['ISA_CONTROL_INVALID', 36]]);
  });
});

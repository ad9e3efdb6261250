import { readFileSync } from 'fs';
import { join } from 'path';
import { documentsFromParse, generateX12, parseX12, ParseResult, X12Parser } from '@tradewire/x12';

/**
 * Every public sample, with the verdict and the exact diagnostic codes it must give.
 * Checked by hand against the bytes (see SOURCES.tsv for what each file is).
 */
const SAMPLES = join(__dirname, 'fixtures', 'samples');

interface Expectation {
  file: string;
  verdict: 'clean' | 'warnings' | 'errors';
  codes: string[];
  /** set/control/segmentCount of every transaction set, envelope or fragment. */
  sets: string[];
}

const TABLE: Expectation[] = [
  // 005010 with ISA11 "U": read without a repetition separator, with a warning.
  { file: '846/x12types-846-005010-minimal.edi', verdict: 'warnings', codes: ['ISA11_INVALID'], sets: ['846/0001/7'] },
  { file: '846/x12types-846-005010-st-only-fragment.edi', verdict: 'errors', codes: ['BARE_TRANSACTION_SET'], sets: ['846/0001/9'] },
  // ISA06 is 16 characters (107-character ISA); N1/N3/N4 end with '~' + blank lines inside one '$' segment that swallows HL*2: 22 segments, SE01 says 25.
  { file: '856/stupidedi-856-dollar-terminator.edi', verdict: 'errors', codes: ['ISA_LENGTH', 'ISA_FIELD_WIDTH', 'VERSION_DIFFERS', 'LINE_BREAKS_IN_SEGMENTS', 'SE_SEGMENT_COUNT_MISMATCH'], sets: ['856/0000001/22'] },
  { file: '856/x12types-856-004060-newline.edi', verdict: 'clean', codes: ['VERSION_DIFFERS'], sets: ['856/0008/31'] },
  { file: '940/x12types-940-babelway.edi', verdict: 'clean', codes: [], sets: ['940/0001/34'] },
  { file: '940/x12types-940-generalmills-change-no-isa16.edi', verdict: 'warnings', codes: ['ISA16_MISSING', 'ISA_LENGTH'], sets: ['940/43320001/19'] },
  { file: '945/x12types-945-005010.edi', verdict: 'errors', codes: ['ISA11_INVALID', 'SE_SEGMENT_COUNT_MISMATCH'], sets: ['945/000006123/16'] },
  { file: '997/stupidedi-997-newline-backtick.edi', verdict: 'warnings', codes: ['ISA_LENGTH', 'ISA_FIELD_WIDTH', 'VERSION_DIFFERS'], sets: ['997/300044350/6'] },
  { file: '999/imsweb-999-rejected-pipe-component.edi', verdict: 'clean', codes: [], sets: ['999/95832987/7'] },
  { file: '999/staedi-999-partial-ctx.edi', verdict: 'clean', codes: [], sets: ['999/2870001/16'] },
  // SE01 says 25, the set has 34 segments; the file ends after GE with no IEA.
  { file: 'malformed/imsweb-837-missing-iea.edi', verdict: 'errors', codes: ['ISA11_INVALID', 'SE_SEGMENT_COUNT_MISMATCH', 'UNEXPECTED_END_OF_FILE'], sets: ['837/987654/34'] },
  // Envelope-level problems only: the bad AK1 code is a transaction-set (validator) finding.
  { file: 'malformed/staedi-997-invalid-values.edi', verdict: 'errors', codes: ['GS_DATE_INVALID', 'GS_TIME_INVALID', 'GE_CONTROL_MISMATCH'], sets: ['997/0001/4'] },
  { file: 'malformed/stupidedi-856-fail-mixed-terminators.edi', verdict: 'errors', codes: ['VERSION_DIFFERS', 'LINE_BREAKS_IN_SEGMENTS', 'SE_SEGMENT_COUNT_MISMATCH'], sets: ['856/0000001/22'] },
  { file: 'other/imsweb-837-tilde-element-underscore-terminator.edi', verdict: 'errors', codes: ['ISA11_INVALID', 'SE_SEGMENT_COUNT_MISMATCH', 'WHITESPACE_OUTSIDE_INTERCHANGE'], sets: ['837/987654/34'] },
  { file: 'other/node-x12-850-newline-terminated.edi', verdict: 'clean', codes: ['VERSION_DIFFERS'], sets: ['850/000000010/33'] },
  { file: 'other/staedi-210-wrapped-80-columns.edi', verdict: 'warnings', codes: ['LINE_BREAKS_IN_SEGMENTS'], sets: ['210/1305/31'] },
];

function verdict(result: ParseResult): Expectation['verdict'] {
  if (result.diagnostics.some((d) => d.severity === 'error')) return 'errors';
  return result.diagnostics.some((d) => d.severity === 'warning') ? 'warnings' : 'clean';
}

function sets(result: ParseResult): string[] {
  const all = [...result.interchanges.flatMap((ic) => ic.groups.flatMap((g) => g.transactions)), ...result.fragments];
  return all.map((t) => `${t.set}/${t.control}/${t.segmentCount}`);
}

/** Everything a caller can observe, as one comparable value. */
function observable(result: ParseResult): string {
  return JSON.stringify(result);
}

/** Line breaks after segment terminators are layout, not content. */
function withoutLayout(text: string, terminator: string): string {
  return terminator === '\n' ? text.replace(/[\r\n]+$/, '') : text.replace(new RegExp(`${escape(terminator)}\\r?\\n`, 'g'), terminator);
}

function escape(ch: string): string {
  return ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function segmentsOf(bytes: Buffer, chunks: Buffer[]): string[] {
  const seen: string[] = [];
  // The elements too: with a listener the tokenizer cuts them while reading, from positions found in the scan.
  const parser = new X12Parser({ onSegment: (s) => seen.push(`${s.index}@${s.offset}:${s.line}:${s.raw}=${JSON.stringify(s.elements)}`) });
  for (const c of chunks) parser.push(c);
  seen.push(observable(parser.end()));
  expect(chunks.reduce((n, c) => n + c.length, 0)).toBe(bytes.length);
  return seen;
}

describe('public X12 samples', () => {
  it('covers every sample file', () => {
    const listed = readFileSync(join(SAMPLES, 'SOURCES.tsv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t')[0]);
    expect(TABLE.map((t) => t.file).sort()).toEqual(listed.sort());
  });

  it.each(TABLE)('$file gives $verdict with exactly the expected codes', ({ file, verdict: expected, codes, sets: expectedSets }) => {
    const result = parseX12(readFileSync(join(SAMPLES, file)));
    expect(verdict(result)).toBe(expected);
    expect(result.diagnostics.map((d) => d.code).sort()).toEqual([...codes].sort());
    expect(sets(result)).toEqual(expectedSets);
  });

  it.each(TABLE)('$file gives the same result whatever the chunk boundary (every byte offset, and 1-byte chunks)', ({ file }) => {
    const bytes = readFileSync(join(SAMPLES, file));
    const whole = segmentsOf(bytes, [bytes]);
    for (let cut = 1; cut < bytes.length; cut++) {
      const split = segmentsOf(bytes, [bytes.subarray(0, cut), bytes.subarray(cut)]);
      if (JSON.stringify(split) !== JSON.stringify(whole)) expect({ cut, split }).toEqual({ cut, split: whole });
    }
    const single = Array.from({ length: bytes.length }, (_, i) => bytes.subarray(i, i + 1));
    expect(segmentsOf(bytes, single)).toEqual(whole);
  });

  /** No errors, and nothing that the generator would write differently (padding, line breaks inside segments). */
  const WELL_FORMED = TABLE.filter((t) => t.verdict !== 'errors' && t.codes.every((c) => c === 'VERSION_DIFFERS' || c === 'ISA11_INVALID'));

  it.each(WELL_FORMED)('$file round-trips: parse then generate gives the same bytes but for line breaks', ({ file }) => {
    const text = readFileSync(join(SAMPLES, file), 'latin1');
    const parsed = parseX12(text, { keepSegments: true });
    const d = parsed.interchanges[0].delimiters;
    const generated = generateX12(documentsFromParse(parsed), { delimiters: d });
    expect(withoutLayout(generated, d.segment)).toBe(withoutLayout(text, d.segment));
  });

  it('locates the SE count error of the 945 sample by line, offset and segment index', () => {
    const bytes = readFileSync(join(SAMPLES, '945/x12types-945-005010.edi'));
    const d = parseX12(bytes).diagnostics.find((x) => x.code === 'SE_SEGMENT_COUNT_MISMATCH');
    if (d === undefined) throw new Error('no SE count diagnostic');
    expect(d).toMatchObject({ code: 'SE_SEGMENT_COUNT_MISMATCH', segment: 'SE', line: 18, segmentIndex: 17, element: 1 });
    expect(bytes.subarray(d.offset, d.offset + 3).toString()).toBe('SE*');
  });

  it('reads the 5010 repetition separator of the 999 sample and splits CTX repetitions', () => {
    const ctx: string[][] = [];
    parseX12(readFileSync(join(SAMPLES, '999/staedi-999-partial-ctx.edi')), {
      onSegment: (s) => {
        if (s.tag === 'CTX') ctx.push(s.repetitions(1));
      },
    });
    expect(ctx[1]).toEqual(['SITUATIONAL TRIGGER', 'SITUATIONAL TRIGGER:2', 'SITUATIONAL TRIGGER:3']);
  });
});

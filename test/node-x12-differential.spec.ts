import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { X12FatInterchange, X12Interchange, X12Parser as NodeX12Parser, X12Segment } from 'node-x12';
import { DEFAULT_DELIMITERS, generateX12, GenerateOptions, InterchangeDocument, parseX12, ParseResult, Segment, SegmentTokenizer } from '@tradewire/x12';

/**
 * Differential test against node-x12 1.7.1, the reference implementation (shared/DEPENDENCIES.md):
 * on the well-formed public samples and on generated interchanges both parsers must read the same
 * segments, element for element, and the same envelope structure. Then one test per behaviour where
 * we knowingly differ, asserting what each library does, so a change on either side shows up here.
 *
 * The samples are the byte-for-byte copies in test/fixtures/samples (provenance in its SOURCES.tsv),
 * not shared/samples/x12, so this suite does not depend on a folder outside the repository.
 */
const SAMPLES = join(__dirname, 'fixtures', 'samples');

/** A segment as both libraries can show it: tag, then raw element strings (composites and repetitions unsplit). */
type Row = readonly string[];

// ---------------------------------------------------------------------------------------------
// Reading with each library
// ---------------------------------------------------------------------------------------------

type NodeX12Mode = 'strict' | 'lenient';

/** node-x12 reads a string; a new parser per input, as its instances keep state. */
function nodeX12Parse(text: string, mode: NodeX12Mode): X12Interchange[] {
  const parsed = new NodeX12Parser(mode === 'strict').parse(text);
  // X12FatInterchange is an Array subclass: copy it, so that array methods give plain arrays.
  return parsed instanceof X12FatInterchange ? [...parsed.interchanges] : [parsed];
}

function nodeX12Rows(interchanges: readonly X12Interchange[]): Row[] {
  // Header or trailer is undefined when node-x12 did not find it (a missing SE, GE or IEA).
  const segments: Array<X12Segment | undefined> = interchanges.flatMap((ic) => [
    ic.header,
    ...ic.functionalGroups.flatMap((g) => [g.header, ...g.transactions.flatMap((t) => [t.header, ...t.segments, t.trailer]), g.trailer]),
    ic.trailer,
  ]);
  return segments.filter((s): s is X12Segment => s !== undefined).map((s) => [s.tag, ...s.elements.map((e) => e.value)]);
}

/** Interchanges → groups → segment count of each transaction set (ST and SE included). */
function nodeX12Shape(interchanges: readonly X12Interchange[]): number[][][] {
  return interchanges.map((ic) => ic.functionalGroups.map((g) => g.transactions.map((t) => t.segments.length + 2)));
}

function ourShape(result: ParseResult): number[][][] {
  return result.interchanges.map((ic) => ic.groups.map((g) => g.transactions.map((t) => t.segmentCount)));
}

/**
 * Every segment our tokenizer reads (parseX12 keeps only ST..SE), as node-x12 would show it:
 * node-x12 turns ISA13 and IEA02 into numbers ("000000090" → "90"), so ours are compared that way.
 */
function ourRows(text: string): Row[] {
  const rows: Row[] = [];
  const tokenizer = new SegmentTokenizer({ onSegment: (s) => rows.push(asNodeX12Shows(s)), onDiagnostic: () => undefined });
  tokenizer.push(text);
  tokenizer.end();
  return rows;
}

function asNodeX12Shows(s: Segment): Row {
  const numeric = s.tag === 'ISA' ? 13 : s.tag === 'IEA' ? 2 : -1;
  return s.elements.map((value, i) => (i === numeric ? String(parseInt(value, 10)) : value));
}

function thrownBy(read: () => unknown): string {
  try {
    read();
  } catch (e) {
    return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  }
  return '(nothing thrown)';
}

// ---------------------------------------------------------------------------------------------
// Public samples
// ---------------------------------------------------------------------------------------------

interface ComparedSample {
  readonly file: string;
  readonly mode: NodeX12Mode;
  /** In lenient mode: what strict mode throws, on a count check that does not change how segments are read. */
  readonly strictThrows?: string;
  /** The file ends right after IEA02 with no terminator, and node-x12 drops a last unterminated segment. */
  readonly dropsUnterminatedIea?: true;
}

const COMPARED: readonly ComparedSample[] = [
  { file: '846/x12types-846-005010-minimal.edi', mode: 'strict' },
  { file: '856/x12types-856-004060-newline.edi', mode: 'strict', dropsUnterminatedIea: true },
  { file: '940/x12types-940-babelway.edi', mode: 'strict' },
  { file: '999/imsweb-999-rejected-pipe-component.edi', mode: 'strict' },
  { file: '999/staedi-999-partial-ctx.edi', mode: 'strict' },
  { file: 'other/node-x12-850-newline-terminated.edi', mode: 'strict' },
  { file: '945/x12types-945-005010.edi', mode: 'lenient', strictThrows: 'ParserError: X12 Standard: The value in SE01 (12) does not match the number of segments in the transaction (16).' },
  {
    file: 'other/imsweb-837-tilde-element-underscore-terminator.edi',
    mode: 'lenient',
    strictThrows: 'ParserError: X12 Standard: The value in SE01 (25) does not match the number of segments in the transaction (34).',
  },
];

const ISA_LENGTH_ERROR = 'ParserError: X12 Standard: The ISA segment is not the correct length (106 characters, including segment terminator).';

/** Samples node-x12 cannot read, so nothing is compared: what it throws is recorded, and that we read them. */
const NOT_COMPARED: ReadonlyArray<{ readonly file: string; readonly strictThrows: string; readonly why: string }> = [
  { file: '846/x12types-846-005010-st-only-fragment.edi', strictThrows: ISA_LENGTH_ERROR, why: 'no ISA: a bare ST..SE' },
  { file: '856/stupidedi-856-dollar-terminator.edi', strictThrows: ISA_LENGTH_ERROR, why: 'ISA06 is 16 characters, so the ISA is 107' },
  { file: '997/stupidedi-997-newline-backtick.edi', strictThrows: ISA_LENGTH_ERROR, why: 'ISA06 is 12 characters, so the ISA is 103' },
  { file: 'other/staedi-210-wrapped-80-columns.edi', strictThrows: ISA_LENGTH_ERROR, why: 'hard-wrapped at 80 columns, a line break inside ISA10' },
  {
    file: '940/x12types-940-generalmills-change-no-isa16.edi',
    strictThrows: 'ParserError: X12 Standard: The value in GE02 (4332~) does not match the value in GS06 (4332).',
    why: 'no ISA16: node-x12 takes "~" for ISA16 and the line feed for the terminator, leaving "~" in every last element',
  },
];

describe('node-x12 and @tradewire/x12 on the public samples', () => {
  it('classifies every well-formed sample (all but malformed/) as compared or not compared', () => {
    const files = (readdirSync(SAMPLES, { recursive: true }) as string[])
      .map((f) => f.split('\\').join('/'))
      .filter((f) => f.endsWith('.edi') && !f.startsWith('malformed/'));
    expect([...COMPARED, ...NOT_COMPARED].map((s) => s.file).sort()).toEqual(files.sort());
  });

  it.each(COMPARED)('$file: same segments, element values and envelope structure as node-x12 ($mode)', ({ file, mode, strictThrows, dropsUnterminatedIea }) => {
    const text = readFileSync(join(SAMPLES, file), 'latin1');
    if (strictThrows !== undefined) expect(thrownBy(() => nodeX12Parse(text, 'strict'))).toBe(strictThrows);
    const theirs = nodeX12Parse(text, mode);
    const ours = ourRows(text);
    const result = parseX12(text);
    if (dropsUnterminatedIea) {
      expect(text.endsWith(result.interchanges[0].delimiters.segment)).toBe(false);
      expect(theirs[0].trailer).toBeUndefined();
      expect(ours.pop()?.[0]).toBe('IEA');
    }
    expect(nodeX12Rows(theirs)).toEqual(ours);
    expect(nodeX12Shape(theirs)).toEqual(ourShape(result));
  });

  it.each(NOT_COMPARED)('$file: node-x12 (strict) throws, we read it ($why)', ({ file, strictThrows }) => {
    const text = readFileSync(join(SAMPLES, file), 'latin1');
    expect(thrownBy(() => nodeX12Parse(text, 'strict'))).toBe(strictThrows);
    const result = parseX12(text, { keepSegments: true });
    const sets = [...result.interchanges.flatMap((ic) => ic.groups.flatMap((g) => g.transactions)), ...result.fragments];
    expect(sets.length).toBeGreaterThan(0);
    expect(sets.every((t) => t.segments !== undefined && t.segments[0].tag === 'ST')).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// Generated interchanges
// ---------------------------------------------------------------------------------------------

/** Deterministic interchanges in the four shapes the gateway trades (846, 856, 940, 945). */
function interchange(version: '00401' | '00501', control: number, set: '846' | '856' | '940' | '945'): InterchangeDocument {
  const rep = version === '00501';
  const bodies = {
    '846': [['BIA', '00', 'MM', 'INV-1', '20261130'], ['LIN', '', 'VN', 'SKU-1', 'UP', '012345678905'], ['QTY', '33', '120', 'EA'], ['LIN', '', 'VN', 'SKU-2'], ['QTY', '33', '0', 'EA'], ['CTT', '2']],
    '856': [
      ['BSN', '00', 'SHIP-9', '20261130', '0930'], ['HL', '1', '', 'S'], ['TD1', 'CTN', '3'], ['HL', '2', '1', 'O'], ['PRF', 'PO-77'],
      ['HL', '3', '2', 'P'], ['MAN', 'GM', '00012345678901234567'], ['HL', '4', '3', 'I'], ['LIN', '', 'VN', 'SKU-1'], ['SN1', '', '12', 'EA'], ['CTT', '4'],
    ],
    '940': [['W05', 'N', 'ORD-5', 'PO-77'], ['N1', 'ST', 'STORE 12', '92', '0012'], ['LX', '1'], ['W01', '12', 'EA', '', 'VN', 'SKU-1'], ['W76', '12', '30', 'LB']],
    '945': [['W06', 'F', 'ORD-5', '20261130', 'BOL-3'], ['N1', 'SF', 'DC EAST'], ['LX', '1'], ['W12', 'CC', '12', '12', '0', 'EA', '', 'VN', 'SKU-1'], ['W03', '12', '30', 'LB']],
  };
  const segments = [...bodies[set], ['REF', 'ZZ', rep ? [['A', '1'], ['B', '2']] : ['A', '1']]] as InterchangeDocument['groups'][number]['transactions'][number]['segments'];
  const functionalId = { '846': 'IB', '856': 'SH', '940': 'OW', '945': 'SW' }[set];
  return {
    senderQualifier: 'ZZ', sender: 'WAREHOUSE3PL', receiverQualifier: '01', receiver: '123456789', date: '261130', time: '0930', version, control, usage: 'T',
    groups: [
      {
        functionalId, sender: 'WAREHOUSE3PL', receiver: '123456789', date: '20261130', time: '093015', control: control % 1000, version: `${version}0`,
        transactions: [
          { set, control: '0001', segments },
          { set, control: '0002', segments: segments.slice(0, 3) },
        ],
      },
    ],
  };
}

const GENERATED: ReadonlyArray<{ readonly name: string; readonly docs: readonly InterchangeDocument[]; readonly options: GenerateOptions }> = [
  { name: '846, 00401, * : ~, LF after terminators', docs: [interchange('00401', 101, '846')], options: { lineBreak: '\n' } },
  { name: '856, 00501, | > ^ ~, CR LF, repetitions', docs: [interchange('00501', 102, '856')], options: { delimiters: { element: '|', component: '>', repetition: '^', segment: '~' }, lineBreak: '\r\n' } },
  { name: '940, 00401, LF-terminated', docs: [interchange('00401', 103, '940')], options: { delimiters: { ...DEFAULT_DELIMITERS, component: '>', segment: '\n' } } },
  { name: '945, 00501, ~ ^ { _ (element ~, terminator _)', docs: [interchange('00501', 104, '945')], options: { delimiters: { element: '~', component: '^', repetition: '{', segment: '_' }, lineBreak: '\n' } },
  { name: 'two interchanges in one file (846 and 945, 00401)', docs: [interchange('00401', 105, '846'), interchange('00401', 106, '945')], options: {} },
];

describe('node-x12 and @tradewire/x12 on generated interchanges', () => {
  it.each(GENERATED)('$name: same segments, element values and envelope structure', ({ docs, options }) => {
    const text = generateX12(docs, options);
    const theirs = nodeX12Parse(text, 'strict');
    const result = parseX12(text);
    expect(result.diagnostics).toEqual([]);
    expect(nodeX12Rows(theirs)).toEqual(ourRows(text));
    expect(nodeX12Shape(theirs)).toEqual(ourShape(result));
  });
});

// ---------------------------------------------------------------------------------------------
// Where we differ, on purpose
// ---------------------------------------------------------------------------------------------

/** ISA13 000000090, GS06 90, two 846 sets (0001, 0002), "~" + LF after every segment. */
const BASE = generateX12(interchange('00401', 90, '846'), { lineBreak: '\n' });
const codes = (result: ParseResult) => result.diagnostics.map((d) => d.code);

/** node-x12 strict: its interchange and diagnostics, or what it throws. */
function nodeX12Strict(text: string): { interchanges: X12Interchange[]; diagnostics: number } | string {
  const parser = new NodeX12Parser(true);
  try {
    const parsed = parser.parse(text);
    return { interchanges: parsed instanceof X12FatInterchange ? [...parsed.interchanges] : [parsed], diagnostics: parser.diagnostics.length };
  } catch (e) {
    return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  }
}

function accepted(outcome: ReturnType<typeof nodeX12Strict>): X12Interchange {
  if (typeof outcome === 'string') throw new Error(`node-x12 threw: ${outcome}`);
  expect(outcome.diagnostics).toBe(0);
  return outcome.interchanges[0];
}

describe('what @tradewire/x12 reports that node-x12 (strict) does not', () => {
  it('reports a file that ends without IEA; node-x12 accepts it silently', () => {
    const text = BASE.replace(/IEA\*1\*000000090~\n$/, '');
    expect(accepted(nodeX12Strict(text)).trailer).toBeUndefined();
    expect(codes(parseX12(text))).toEqual(['UNEXPECTED_END_OF_FILE']);
  });

  it('reports a transaction set without SE; node-x12 accepts it silently', () => {
    const text = BASE.replace(/\nSE\*[^~]*~/, '');
    expect(accepted(nodeX12Strict(text)).functionalGroups[0].transactions[0].trailer).toBeUndefined();
    expect(codes(parseX12(text))).toEqual(['SE_MISSING']);
  });

  it('reports a functional group without GE; node-x12 accepts it silently', () => {
    const text = BASE.replace(/\nGE\*[^~]*~/, '');
    expect(accepted(nodeX12Strict(text)).functionalGroups[0].trailer).toBeUndefined();
    expect(codes(parseX12(text))).toEqual(['GE_MISSING']);
  });

  it('reports a file cut inside a segment and keeps the partial segment; node-x12 drops it silently', () => {
    const text = BASE.slice(0, BASE.indexOf('\nQTY*33*120') + 'QTY*3'.length + 1);
    const theirs = accepted(nodeX12Strict(text)).functionalGroups[0].transactions[0];
    expect(theirs.segments.map((s) => s.tag)).toEqual(['BIA', 'LIN']);
    const ours = parseX12(text, { keepSegments: true });
    expect(ours.interchanges[0].groups[0].transactions[0].segments?.map((s) => s.raw)).toEqual(['ST*846*0001', 'BIA*00*MM*INV-1*20261130', 'LIN**VN*SKU-1*UP*012345678905', 'QTY*3']);
    expect(codes(ours)).toEqual(['SEGMENT_TERMINATOR_MISSING', 'SE_MISSING', 'GE_MISSING', 'UNEXPECTED_END_OF_FILE']);
  });

  it('reports every wrong SE count with its line and reads on; node-x12 throws at the first', () => {
    const text = BASE.replace(/\nSE\*(\d+)\*/g, (_m, n: string) => `\nSE*${Number(n) + 1}*`);
    expect(nodeX12Strict(text)).toBe('ParserError: X12 Standard: The value in SE01 (10) does not match the number of segments in the transaction (9).');
    const ours = parseX12(text);
    expect(ours.diagnostics.map((d) => [d.code, d.segment, d.line, d.element])).toEqual([
      ['SE_SEGMENT_COUNT_MISMATCH', 'SE', 11, 1],
      ['SE_SEGMENT_COUNT_MISMATCH', 'SE', 16, 1],
    ]);
    expect(ours.interchanges[0].groups[0].transactions.map((t) => [t.control, t.segmentCount, t.declaredSegmentCount])).toEqual([['0001', 9, 10], ['0002', 5, 6]]);
  });

  it('skips a UTF-8 byte-order mark before ISA with a warning; node-x12 rejects the file', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(BASE, 'latin1')]);
    expect(nodeX12Strict(bytes.toString('utf8'))).toBe(ISA_LENGTH_ERROR);
    const ours = parseX12(bytes);
    expect(ours.diagnostics.map((d) => [d.code, d.severity, d.offset])).toEqual([['BOM_SKIPPED', 'warning', 0]]);
    expect(ours.interchanges.map((ic) => [ic.offset, ic.control, ic.closed])).toEqual([[3, '000000090', true]]);
  });

  it('skips blank lines before ISA with a warning; node-x12 rejects the file', () => {
    const text = '\r\n' + BASE;
    expect(nodeX12Strict(text)).toBe(ISA_LENGTH_ERROR);
    expect(parseX12(text).diagnostics.map((d) => [d.code, d.severity])).toEqual([['WHITESPACE_OUTSIDE_INTERCHANGE', 'warning']]);
  });

  it('reads each interchange of a file with its own delimiters; node-x12 applies the first one\'s to all', () => {
    const second = generateX12(interchange('00501', 91, '945'), { delimiters: { element: '|', component: '>', repetition: '^', segment: '~' }, lineBreak: '\n' });
    const outcome = nodeX12Strict(BASE + second);
    expect(outcome).toEqual(expect.stringMatching(/^ParserError: X12 Standard: ISA\|00\|\|00\|\|ZZ\|WAREHOUSE3PL\|.* segment cannot appear outside of a functional group\.$/));
    const ours = parseX12(BASE + second);
    expect(ours.diagnostics).toEqual([]);
    expect(ours.interchanges.map((ic) => [ic.control, ic.delimiters.element, ic.groups[0].transactions.length])).toEqual([['000000090', '*', 2], ['000000091', '|', 2]]);
  });

  it('rejects an ISA13 that is not nine digits; node-x12 reads "00000090A" as the number 90 and accepts it', () => {
    const text = BASE.replace(/000000090/g, '00000090A');
    const theirs = accepted(nodeX12Strict(text));
    expect([theirs.header.valueOf(13), theirs.trailer.valueOf(2)]).toEqual(['90', '90']);
    const ours = parseX12(text);
    expect(ours.diagnostics.map((d) => [d.code, d.severity, d.element])).toEqual([['ISA_CONTROL_INVALID', 'error', 13]]);
  });
});

describe('how @tradewire/x12 and node-x12 give element values', () => {
  it('keeps ISA13 and IEA02 as the nine digits sent; node-x12 turns them into numbers', () => {
    const theirs = accepted(nodeX12Strict(BASE));
    expect([theirs.header.valueOf(13), theirs.trailer.valueOf(2)]).toEqual(['90', '90']);
    expect(parseX12(BASE).interchanges[0].control).toBe('000000090');
  });

  it('splits 005010 repetitions (ISA11) and their components; node-x12 leaves the element whole', () => {
    const text = generateX12(interchange('00501', 92, '846'), { lineBreak: '\n' });
    const theirs = accepted(nodeX12Strict(text)).functionalGroups[0].transactions[0].segments.find((s) => s.tag === 'REF');
    expect(theirs?.elements.map((e) => e.value)).toEqual(['ZZ', 'A:1^B:2']);
    const ref = parseX12(text, { keepSegments: true }).interchanges[0].groups[0].transactions[0].segments?.find((s) => s.tag === 'REF') as Segment;
    expect(ref.element(2)).toBe('A:1^B:2');
    expect(ref.repetitions(2)).toEqual(['A:1', 'B:2']);
    expect(ref.repetitions(2).map((r) => r.split(ref.delimiters.component as string))).toEqual([['A', '1'], ['B', '2']]);
  });

  it('reads a segment with no elements as having none; node-x12 gives it the previous segment\'s last element', () => {
    const text = BASE.replace('\nCTT*2~', '\nCTT~');
    const theirs = accepted(nodeX12Strict(text)).functionalGroups[0].transactions[0].segments.find((s) => s.tag === 'CTT');
    expect(theirs?.elements.map((e) => e.value)).toEqual(['EA']);
    const ctt = parseX12(text, { keepSegments: true }).interchanges[0].groups[0].transactions[0].segments?.find((s) => s.tag === 'CTT') as Segment;
    expect([ctt.raw, ctt.elementCount]).toEqual(['CTT', 0]);
  });
});

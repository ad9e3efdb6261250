import fc from 'fast-check';
import {
  DIAGNOSTIC_CODES,
  Delimiters,
  documentsFromParse,
  ElementValue,
  FunctionalGroupDocument,
  generateX12,
  GenerateOptions,
  InterchangeDocument,
  parseX12,
  ParseResult,
  Segment,
  SegmentData,
  TransactionSetDocument,
  X12Parser,
} from '@tradewire/x12';

/**
 * Property tests of the parser against the generator: random 846/856/940/945 interchanges with
 * random delimiters must round-trip, parse identically however the input is chunked, and survive
 * random byte damage with well-formed diagnostics. The seed is fixed so CI runs are reproducible;
 * fast-check prints the seed and the shrunk counterexample on failure.
 */
const SEED = 0x7a3e12;

// ---------------------------------------------------------------------------------------------
// Arbitraries
// ---------------------------------------------------------------------------------------------

/** Characters that can be delimiters here (X12.6: any non-alphanumeric character not used in data). */
const DELIMITER_POOL = ['*', '|', '^', '~', ':', '>', '!', '`', '\\', '{', '}'];
const ALNUM = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'];
/** Data never contains a pool character, whatever delimiters an interchange picks. */
const DATA = [...ALNUM, ' ', ...'-.,/()#&+=%@?;\'"$_[]'];

const dataText = (minLength: number, maxLength: number) => fc.string({ unit: fc.constantFrom(...DATA), minLength, maxLength });
const alnumText = (minLength: number, maxLength: number) => fc.string({ unit: fc.constantFrom(...ALNUM), minLength, maxLength });
const pad2 = (n: number) => String(n).padStart(2, '0');

/** ISA ID fields are read back trimmed (X12.5 fixed width), so they may not start or end with a space. */
const isaText = (minLength: number, maxLength: number) =>
  fc.string({ unit: fc.constantFrom(...ALNUM, ' '), minLength, maxLength }).filter((s) => s.trim() === s);

const yymmdd = fc.tuple(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 })).map(([y, m, d]) => pad2(y) + pad2(m) + pad2(d));
const ccyymmdd = fc.tuple(fc.integer({ min: 1990, max: 2099 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 })).map(([y, m, d]) => String(y) + pad2(m) + pad2(d));
const hhmm = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => pad2(h) + pad2(m));
const gsTime = fc.tuple(hhmm, fc.option(fc.integer({ min: 0, max: 59 }), { nil: undefined })).map(([t, s]) => (s === undefined ? t : t + pad2(s)));
/** A control number as the document model allows it: a number, or a string of 1 to 9 digits. */
const controlNumber = fc.oneof(
  fc.integer({ min: 0, max: 999_999_999 }),
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: 9 }),
);

/** Simple elements mostly, some composites, and repetitions only where the version has a separator (00402+). */
function element(repetitions: boolean): fc.Arbitrary<ElementValue> {
  const simple: fc.Arbitrary<ElementValue> = dataText(0, 10);
  const composite: fc.Arbitrary<ElementValue> = fc.array(dataText(0, 6), { minLength: 2, maxLength: 4 });
  const repeated: fc.Arbitrary<ElementValue> = fc.array(fc.array(dataText(0, 6), { minLength: 1, maxLength: 3 }), { minLength: 2, maxLength: 3 });
  return repetitions
    ? fc.oneof({ weight: 10, arbitrary: simple }, { weight: 2, arbitrary: composite }, { weight: 1, arbitrary: repeated })
    : fc.oneof({ weight: 10, arbitrary: simple }, { weight: 2, arbitrary: composite });
}

/** A segment with its standard codes first, then 0..4 random elements (often empty, so trailing empties occur). */
function seg(tag: string, rep: boolean, ...codes: string[]): fc.Arbitrary<SegmentData> {
  return fc.array(element(rep), { maxLength: 4 }).map((els): SegmentData => [tag, ...codes, ...els]);
}

const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const present = <T>(items: ReadonlyArray<T | undefined>): T[] => items.filter((x): x is T => x !== undefined);

interface Shape {
  readonly set: string;
  readonly functionalId: string;
  readonly body: (rep: boolean) => fc.Arbitrary<SegmentData[]>;
}

const SHAPES: readonly Shape[] = [
  {
    set: '846', functionalId: 'IB',
    body: (rep) => fc
      .tuple(seg('BIA', rep, '00', 'MM'), fc.array(fc.tuple(seg('LIN', rep, ''), seg('QTY', rep, '33'), optional(seg('DTM', rep, '018'))), { minLength: 1, maxLength: 3 }), seg('CTT', rep))
      .map(([bia, lines, ctt]) => [bia, ...lines.flatMap(present), ctt]),
  },
  {
    // HL loops S → O → P → I (X12 856 "pick and pack"); HL01/HL02 numbered as the loops nest.
    set: '856', functionalId: 'SH',
    body: (rep) => fc
      .tuple(seg('BSN', rep, '00'), seg('TD1', rep), fc.array(fc.array(fc.tuple(seg('LIN', rep, ''), seg('SN1', rep, '')), { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 3 }))
      .map(([bsn, td1, packs]) => {
        const out: SegmentData[] = [bsn, ['HL', '1', '', 'S'], td1, ['HL', '2', '1', 'O']];
        let id = 2;
        for (const items of packs) {
          const pack = String(++id);
          out.push(['HL', pack, '2', 'P']);
          for (const [lin, sn1] of items) out.push(['HL', String(++id), pack, 'I'], lin, sn1);
        }
        return [...out, ['CTT', String(id)]];
      }),
  },
  {
    set: '940', functionalId: 'OW',
    body: (rep) => fc
      .tuple(seg('W05', rep, 'N'), fc.array(seg('N1', rep, 'ST'), { minLength: 1, maxLength: 2 }), optional(seg('G62', rep, '10')), fc.array(fc.tuple(seg('LX', rep), seg('W01', rep)), { minLength: 1, maxLength: 3 }), seg('W76', rep))
      .map(([w05, n1s, g62, lines, w76]) => [w05, ...n1s, ...present([g62]), ...lines.flat(), w76]),
  },
  {
    set: '945', functionalId: 'SW',
    body: (rep) => fc
      .tuple(seg('W06', rep, 'N'), seg('N1', rep, 'SF'), fc.array(fc.tuple(seg('LX', rep), seg('W12', rep, 'CC'), optional(seg('N9', rep, 'LV'))), { minLength: 1, maxLength: 3 }), seg('W03', rep))
      .map(([w06, n1, lines, w03]) => [w06, n1, ...lines.flatMap(present), w03]),
  },
];

function transactions(shape: Shape, rep: boolean): fc.Arbitrary<TransactionSetDocument[]> {
  const tx = fc.record({ control: alnumText(4, 9), implementationReference: optional(alnumText(1, 12)), segments: shape.body(rep) });
  return fc
    .uniqueArray(tx, { minLength: 1, maxLength: 4, selector: (t) => t.control })
    .map((list) => list.map((t) => ({ set: shape.set, ...t })));
}

function group(version: string): fc.Arbitrary<FunctionalGroupDocument> {
  const rep = version >= '00402';
  return fc.constantFrom(...SHAPES).chain((shape) =>
    fc.record({
      functionalId: fc.constant(shape.functionalId),
      sender: dataText(1, 15),
      receiver: dataText(1, 15),
      date: ccyymmdd,
      time: gsTime,
      control: controlNumber,
      agency: optional(fc.constantFrom('X', 'T')),
      // GS08 of the same major release as ISA12, so no VERSION_MISMATCH warning.
      version: fc.constantFrom(...(version === '00401' ? ['004010', '004010VICS'] : ['005010', '005010X231A1'])),
      transactions: transactions(shape, rep),
    }),
  );
}

const interchangeDocument: fc.Arbitrary<InterchangeDocument> = fc.constantFrom('00401', '00501').chain((version) =>
  fc.record({
    authorizationQualifier: optional(fc.constantFrom('00', '03')),
    authorization: optional(isaText(0, 10)),
    securityQualifier: optional(fc.constantFrom('00', '01')),
    security: optional(isaText(0, 10)),
    senderQualifier: fc.constantFrom('ZZ', '01', '08', '12'),
    sender: isaText(1, 15),
    receiverQualifier: fc.constantFrom('ZZ', '01', '14'),
    receiver: isaText(1, 15),
    date: yymmdd,
    time: hhmm,
    version: fc.constant(version),
    control: controlNumber,
    ackRequested: optional(fc.boolean()),
    usage: fc.constantFrom<'P' | 'T'>('P', 'T'),
    interchangeAcknowledgments: optional(fc.array(fc.tuple(alnumText(9, 9), yymmdd, hhmm, fc.constantFrom('A', 'E', 'R'), fc.constantFrom('000', '022')).map((t): SegmentData => ['TA1', ...t]), { maxLength: 1 })),
    // GS06 must be unique in its interchange (compared as written).
    groups: fc.uniqueArray(group(version), { minLength: 1, maxLength: 3, selector: (g) => String(g.control) }),
  }),
);

/** Four distinct delimiters from the pool; sometimes LF as the segment terminator (newline-terminated files). */
const delimiters: fc.Arbitrary<Delimiters> = fc
  .tuple(fc.shuffledSubarray(DELIMITER_POOL, { minLength: 4, maxLength: 4 }), fc.integer({ min: 0, max: 3 }))
  .map(([[element, component, repetition, segment], n]) => ({ element, component, repetition, segment: n === 0 ? '\n' : segment }));

interface Part {
  readonly doc: InterchangeDocument;
  readonly options: GenerateOptions;
}

/** One interchange with its writing options; a line break after terminators only when LF is not the terminator. */
const part: fc.Arbitrary<Part> = fc
  .tuple(interchangeDocument, delimiters, fc.constantFrom<'' | '\n' | '\r\n'>('', '\n', '\r\n'))
  .map(([doc, d, lineBreak]) => ({ doc, options: { delimiters: d, lineBreak: d.segment === '\n' ? '' : lineBreak } }));

/** A file: one or two interchanges, each with its own delimiters (a batch from two systems). */
const x12File = fc.array(part, { minLength: 1, maxLength: 2 });
const render = (parts: readonly Part[]) => parts.map((p) => generateX12(p.doc, p.options)).join('');

// ---------------------------------------------------------------------------------------------
// Normalising documents and projecting results
// ---------------------------------------------------------------------------------------------

function withoutTrailingEmpties<T>(items: readonly T[], empty: (x: T) => boolean): T[] {
  const out = [...items];
  while (out.length > 0 && empty(out[out.length - 1])) out.pop();
  return out;
}

/**
 * What an element means once written: the generator drops trailing empty components, a composite
 * of one component is written (and read back) as a simple element, one repetition is a composite.
 */
function normalElement(value: ElementValue): ElementValue {
  if (typeof value === 'string') return value;
  if (value.length === 0) return '';
  if (typeof value[0] === 'string') {
    const components = withoutTrailingEmpties(value as readonly string[], (c) => c === '');
    return components.length === 0 ? '' : components.length === 1 ? components[0] : components;
  }
  const repetitions = (value as ReadonlyArray<readonly string[]>).map((r) => withoutTrailingEmpties(r, (c) => c === ''));
  return repetitions.length === 1 ? normalElement(repetitions[0]) : repetitions;
}

/** X12.6: trailing empty elements are not written, so they are not part of the meaning either. */
function normalSegment([tag, ...elements]: SegmentData): unknown[] {
  return [tag, ...withoutTrailingEmpties(elements.map(normalElement), (e) => e === '')];
}

/**
 * The document as the parser can give it back. Defaults the generator applies (ISA01/03 "00",
 * empty ISA02/04, GS07 "X", ISA14 0) are filled in; ISA13 comes back as the nine written digits,
 * GS06 as the written string; ST03 "" is the same as none; ISA fields come back without padding
 * (the arbitrary never puts spaces at their ends, so trimming loses nothing).
 */
function normalInterchange(ic: InterchangeDocument): unknown {
  return {
    authorizationQualifier: ic.authorizationQualifier ?? '00',
    authorization: ic.authorization ?? '',
    securityQualifier: ic.securityQualifier ?? '00',
    security: ic.security ?? '',
    senderQualifier: ic.senderQualifier,
    sender: ic.sender,
    receiverQualifier: ic.receiverQualifier,
    receiver: ic.receiver,
    date: ic.date,
    time: ic.time,
    version: ic.version,
    control: String(ic.control).padStart(9, '0'),
    ackRequested: ic.ackRequested ?? false,
    usage: ic.usage,
    interchangeAcknowledgments: (ic.interchangeAcknowledgments ?? []).map(normalSegment),
    groups: ic.groups.map((g) => ({
      functionalId: g.functionalId,
      sender: g.sender,
      receiver: g.receiver,
      date: g.date,
      time: g.time,
      control: String(g.control),
      agency: g.agency ?? 'X',
      version: g.version,
      transactions: g.transactions.map((t) => ({
        set: t.set,
        control: t.control,
        implementationReference: t.implementationReference || null,
        segments: t.segments.map(normalSegment),
      })),
    })),
  };
}

/** The whole result as JSON, each kept segment reduced to what the tokenizer decided about it. */
function projection(result: ParseResult): string {
  return JSON.stringify(result, (_key, value: unknown) =>
    value instanceof Segment ? { tag: value.tag, raw: value.raw, index: value.index, offset: value.offset, line: value.line } : value,
  );
}


const keptSegments = (result: ParseResult): Segment[] =>
  result.interchanges.flatMap((ic) => ic.groups.flatMap((g) => g.transactions.flatMap((t) => t.segments ?? [])));
/** 1-based line of a byte offset, counting LF only (CR LF is one line end). */
const lineAt = (text: string, offset: number) => text.slice(0, offset).split('\n').length;
const elementOf = (p: Part) => (p.options.delimiters as Delimiters).element;
const terminatorOf = (p: Part) => (p.options.delimiters as Delimiters).segment;

// ---------------------------------------------------------------------------------------------
// Chunking and damage
// ---------------------------------------------------------------------------------------------

type Chunking = { readonly mode: 'random' | 'bytes' | 'terminators'; readonly cuts: readonly number[]; readonly asBuffer: boolean };

const chunking: fc.Arbitrary<Chunking> = fc.record({
  mode: fc.constantFrom<Chunking['mode']>('random', 'random', 'bytes', 'terminators'),
  cuts: fc.array(fc.nat(), { maxLength: 30 }),
  asBuffer: fc.boolean(),
});

/** Cut positions: random ones, every byte, or right before and right after every segment terminator. */
function cutPositions(text: string, c: Chunking, terminators: readonly string[]): number[] {
  const cuts = new Set(c.cuts.map((n) => n % (text.length + 1)));
  if (c.mode === 'bytes') for (let i = 1; i < text.length; i++) cuts.add(i);
  if (c.mode === 'terminators') {
    for (let i = 0; i < text.length; i++) if (terminators.includes(text[i])) cuts.add(i).add(i + 1);
  }
  return [...cuts].filter((n) => n > 0 && n < text.length).sort((a, b) => a - b);
}

/**
 * Parses `text` pushed in pieces, as strings or as Buffers (text here is one character per byte).
 * With a segment listener, the tokenizer cuts every segment's elements while reading it; `elements`
 * records what the listener saw, for comparison with the elements kept segments cut later, when
 * asked (`lazyElements`).
 */
function parseInChunks(text: string, cuts: readonly number[], asBuffer: boolean): { result: ParseResult; elements: string[][] } {
  const elements: string[][] = [];
  const parser = new X12Parser({ keepSegments: true, onSegment: (s) => elements.push([...s.elements]) });
  const bytes = Buffer.from(text, 'latin1');
  let from = 0;
  for (const to of [...cuts, text.length]) {
    parser.push(asBuffer ? bytes.subarray(from, to) : text.slice(from, to));
    from = to;
  }
  return { result: parser.end(), elements };
}

/** Elements of every segment inside a transaction set of a whole-input parse, in input order, cut when asked. */
function lazyElements(result: ParseResult): string[][] {
  const fragments = result.fragments.flatMap((t) => t.segments ?? []);
  return [...keptSegments(result), ...fragments].sort((a, b) => a.index - b.index).map((s) => [...s.elements]);
}

type Mutation =
  | { readonly kind: 'delete' | 'duplicate' | 'truncate' | 'insertLineFeed'; readonly at: number }
  | { readonly kind: 'replace'; readonly at: number; readonly char: string };

const printable = fc.integer({ min: 32, max: 126 }).map((c) => String.fromCharCode(c));
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constantFrom('delete' as const, 'duplicate' as const, 'truncate' as const, 'insertLineFeed' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), char: fc.oneof(printable, fc.constantFrom(...DELIMITER_POOL, '\n', '\r')) }),
);
const mutations = fc.array(mutation, { minLength: 1, maxLength: 5 });

function mutate(text: string, m: Mutation): string {
  const i = text.length === 0 ? 0 : m.at % text.length;
  switch (m.kind) {
    case 'delete': return text.slice(0, i) + text.slice(i + 1);
    case 'duplicate': return text.slice(0, i + 1) + text.slice(i);
    case 'truncate': return text.slice(0, i);
    case 'insertLineFeed': return text.slice(0, i) + '\n' + text.slice(i);
    case 'replace': return text.slice(0, i) + m.char + text.slice(i + 1);
  }
}

/** What real files carry before their first ISA: a UTF-8 BOM (as bytes), blank lines, junk, a stray "IS". */
const leadIn = fc.constantFrom('', '', '\u00ef\u00bb\u00bf', '  \r\n\r\n', 'XX\n', 'IS', 'ST*');

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

describe('parseX12 and generateX12 on random 846/856/940/945 interchanges', () => {
  it('reads back every generated interchange without errors or warnings, as the document that was written', () => {
    fc.assert(
      fc.property(x12File, (parts) => {
        const text = render(parts);
        const result = parseX12(text, { keepSegments: true });
        expect(result.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
        expect(result.bytes).toBe(text.length);
        expect(documentsFromParse(result).map(normalInterchange)).toEqual(parts.map((p) => normalInterchange(p.doc)));
        parts.forEach((p, i) => {
          const d = p.options.delimiters as Delimiters;
          expect(result.interchanges[i].delimiters).toEqual({ ...d, repetition: p.doc.version >= '00402' ? d.repetition : null });
        });
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it('regenerates the same bytes from the parsed documents', () => {
    fc.assert(
      fc.property(x12File, (parts) => {
        const text = render(parts);
        const again = documentsFromParse(parseX12(text, { keepSegments: true }));
        expect(again.map((doc, i) => generateX12(doc, parts[i].options)).join('')).toBe(text);
      }),
      { seed: SEED + 1, numRuns: 100 },
    );
  });

  it('locates every kept segment at its raw text, on the line its offset is on', () => {
    fc.assert(
      fc.property(x12File, (parts) => {
        const text = render(parts);
        keptSegments(parseX12(text, { keepSegments: true })).forEach((s, i, all) => {
          expect(text.startsWith(s.raw, s.offset)).toBe(true);
          expect(s.line).toBe(lineAt(text, s.offset));
          if (i > 0) expect(s.index).toBeGreaterThan(all[i - 1].index);
        });
      }),
      { seed: SEED + 2, numRuns: 80 },
    );
  });
});

describe('X12Parser fed in chunks', () => {
  it('gives the same result as parseX12 on the whole input, wherever the chunks end', () => {
    fc.assert(
      fc.property(x12File, chunking, (parts, c) => {
        const text = render(parts);
        const chunked = parseInChunks(text, cutPositions(text, c, parts.map(terminatorOf)), c.asBuffer);
        const whole = parseX12(text, { keepSegments: true });
        expect(projection(chunked.result)).toBe(projection(whole));
        expect(chunked.elements).toEqual(lazyElements(whole));
      }),
      { seed: SEED + 3, numRuns: 80 },
    );
  });

  it('gives the same result as parseX12 on damaged input with something before the first ISA', () => {
    fc.assert(
      fc.property(leadIn, x12File, mutations, chunking, (lead, parts, damage, c) => {
        const text = lead + damage.reduce(mutate, render(parts));
        const chunked = parseInChunks(text, cutPositions(text, c, parts.map(terminatorOf)), c.asBuffer);
        const whole = parseX12(text, { keepSegments: true });
        expect(projection(chunked.result)).toBe(projection(whole));
        expect(chunked.elements).toEqual(lazyElements(whole));
      }),
      { seed: SEED + 4, numRuns: 80 },
    );
  });

  it('reads an ISA without ISA16 (terminator right after ISA15) the same wherever one chunk boundary falls', () => {
    fc.assert(
      fc.property(part, (p) => {
        // ISA16 is the character before the first terminator: remove it, as some partners do. ISA, GS
        // and ST are enough: detection looks ahead at most to the end of the next line.
        const generated = generateX12(p.doc, p.options);
        const term = terminatorOf(p);
        const isa16 = generated.indexOf(term) - 1;
        const text = generated.slice(0, isa16) + generated.slice(isa16 + 1, generated.indexOf(term, generated.indexOf(term, isa16 + 2) + 1) + 1);
        const whole = projection(parseX12(text, { keepSegments: true }));
        for (let cut = isa16 - 1; cut < text.length; cut++) expect(projection(parseInChunks(text, [cut], false).result)).toBe(whole);
      }),
      { seed: SEED + 5, numRuns: 40 },
    );
  });
});

describe('parseX12 on randomly damaged interchanges', () => {
  it('never throws, and every diagnostic has a known code, its severity, a message and a position in the input', () => {
    const codes = Object.keys(DIAGNOSTIC_CODES);
    fc.assert(
      fc.property(leadIn, x12File, mutations, (lead, parts, damage) => {
        const text = lead + damage.reduce(mutate, render(parts));
        const result = parseX12(text, { keepSegments: true });
        expect(result.bytes).toBe(text.length);
        for (const d of result.diagnostics) {
          expect(codes).toContain(d.code);
          expect(d.severity).toBe(DIAGNOSTIC_CODES[d.code].severity);
          expect(d.message).toEqual(expect.stringMatching(/\S/));
          expect(Number.isInteger(d.offset) && d.offset >= 0 && d.offset <= result.bytes).toBe(true);
          expect(d.line).toBe(lineAt(text, d.offset));
        }
      }),
      { seed: SEED + 6, numRuns: 200 },
    );
  });

  // Only damage that must break the envelope is asserted to be reported. Other damage can leave a
  // valid file: a letter replaced by a letter, a blank line between segments, a leading zero
  // added to IEA02 (compared as a number), another ISA11 code.

  it('reports an error when the file is cut anywhere from the last ISA to the separator before IEA02', () => {
    fc.assert(
      fc.property(x12File, fc.nat(), (parts, n) => {
        const text = render(parts);
        const e = elementOf(parts[parts.length - 1]);
        const lastIsa = text.lastIndexOf('ISA' + e);
        const beforeIea02 = text.indexOf(e, text.lastIndexOf('IEA' + e) + 4);
        const cut = lastIsa + 1 + (n % (beforeIea02 + 1 - lastIsa));
        expect(parseX12(text.slice(0, cut)).diagnostics.filter((d) => d.severity === 'error')).not.toEqual([]);
      }),
      { seed: SEED + 7, numRuns: 200 },
    );
  });

  it('reports an error when an element separator of an SE, GE or IEA segment is deleted', () => {
    fc.assert(
      fc.property(x12File, fc.nat(), (parts, n) => {
        const text = render(parts);
        const separators = trailerSeparators(text, parts);
        const at = separators[n % separators.length];
        expect(parseX12(text.slice(0, at) + text.slice(at + 1)).diagnostics.filter((d) => d.severity === 'error')).not.toEqual([]);
      }),
      { seed: SEED + 8, numRuns: 200 },
    );
  });

  it('reports a wrong count, or a missing SE, when two segments of a transaction set are run together', () => {
    fc.assert(
      fc.property(x12File, fc.nat(), (parts, n) => {
        const text = render(parts);
        const joints = innerTerminators(parseX12(text, { keepSegments: true }));
        const { at, beforeSe } = joints[n % joints.length];
        expect(parts.map(terminatorOf)).toContain(text[at]);
        const codes = parseX12(text.slice(0, at) + text.slice(at + 1)).diagnostics.map((d) => d.code);
        // Run into the SE, the SE is no longer read as one; otherwise SE01 counts one segment too many.
        expect(codes).toContain(beforeSe ? 'SE_MISSING' : 'SE_SEGMENT_COUNT_MISMATCH');
      }),
      { seed: SEED + 9, numRuns: 200 },
    );
  });
});

/**
 * Positions of both element separators of every SE, GE and IEA. A trailer starts right after a
 * terminator or a line break, characters that never occur in data, so "GE*" inside an element
 * value ("…*CHANGE*…") is not mistaken for one.
 */
function trailerSeparators(text: string, parts: readonly Part[]): number[] {
  const positions: number[] = [];
  const boundaries = new Set([...parts.map(terminatorOf), '\n']);
  for (const e of new Set(parts.map(elementOf))) {
    for (const tag of ['SE', 'GE', 'IEA']) {
      for (let i = text.indexOf(tag + e); i >= 0; i = text.indexOf(tag + e, i + 1)) {
        if (!boundaries.has(text[i - 1])) continue;
        const first = i + tag.length;
        positions.push(first, text.indexOf(e, first + 1));
      }
    }
  }
  return positions;
}

/** Terminators of ST and body segments (each followed by another segment of the set), and whether SE follows. */
function innerTerminators(result: ParseResult): Array<{ at: number; beforeSe: boolean }> {
  return result.interchanges.flatMap((ic) =>
    ic.groups.flatMap((g) =>
      g.transactions.flatMap((t) => {
        const segments = t.segments ?? [];
        return segments.slice(0, -1).map((s, i) => ({ at: s.offset + s.raw.length, beforeSe: segments[i + 1].tag === 'SE' }));
      }),
    ),
  );
}

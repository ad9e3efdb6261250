import { Readable } from 'stream';
import { Segment } from '../tokenizer/segment';
import { parseX12, parseX12Stream, X12Parser } from './x12-parser';

const ISA = 'ISA*00*          *00*          *ZZ*WAREHOUSE3PL   *ZZ*DISTRIBUTOR    *261130*0930*U*00401*000000101*0*P*>~';
const BODY = ['GS*SW*WAREHOUSE3PL*DISTRIBUTOR*20261130*0930*101*X*004010~', 'ST*945*0001~', 'W06*F*ORD-1*20261130*BOL1~', 'LX*1~', 'W12*CC*5*5*0*EA**VN*SKU-1~', 'W03*5~', 'SE*6*0001~', 'GE*1*101~', 'IEA*1*000000101~'];
const INTERCHANGE = [ISA, ...BODY].join('\n') + '\n';

/** The same interchange with other delimiters: | element, ! component, ^ repetition (00501), ' terminator. */
function redelimited(control: string): string {
  return [ISA.replace('000000101', control).replace('*U*00401*', '*^*00501*').replace('>~', '!~'), ...BODY]
    .map((s) => s.replace(/\*/g, '|').replace(/~$/, "'"))
    .join('\r\n')
    .replace(/000000101/g, control)
    .replace('|004010', '|005010') + '\r\n';
}

describe('X12Parser', () => {
  it('reads several interchanges with different delimiters from one input', () => {
    const result = parseX12(INTERCHANGE + redelimited('000000102'));
    expect(result.diagnostics).toEqual([]);
    expect(result.interchanges.map((i) => [i.control, i.delimiters])).toEqual([
      ['000000101', { element: '*', component: '>', repetition: null, segment: '~' }],
      ['000000102', { element: '|', component: '!', repetition: '^', segment: "'" }],
    ]);
    expect(result.interchanges[1].groups[0].transactions[0]).toMatchObject({ set: '945', control: '0001', segmentCount: 6, closed: true });
  });

  it('counts lines and byte offsets across CR LF line ends', () => {
    const text = redelimited('000000102');
    const seen: Segment[] = [];
    parseX12(text, { onSegment: (s) => seen.push(s) });
    const w12 = seen.find((s) => s.tag === 'W12') as Segment;
    expect(w12.line).toBe(6);
    expect(text.slice(w12.offset, w12.offset + 4)).toBe('W12|');
    expect(w12.components(8)).toEqual(['SKU-1']);
  });

  it.each([3, 64, 65, 200])('cuts a segment of %i elements into exactly that many', (count) => {
    const values = Array.from({ length: count }, (_, i) => (i % 7 === 0 ? '' : `V${i}`));
    const text = INTERCHANGE.replace('W03*5~', `W03*${values.join('*')}~`);
    const seen: Segment[] = [];
    parseX12(text, { onSegment: (s) => seen.push(s) });
    const w03 = seen.find((s) => s.tag === 'W03') as Segment;
    expect(w03.elements).toEqual(['W03', ...values]);
    expect(w03.elementCount).toBe(count);
  });

  it('hands each interchange to onInterchange and keeps none on the result with keepEnvelopes: false', () => {
    const input = INTERCHANGE + redelimited('000000102') + INTERCHANGE.replace(/000000101/g, '000000103').replace(/IEA\*1\*000000103~\n$/, '');
    const kept = parseX12(input);
    const streamed: unknown[] = [];
    const result = parseX12(input, { keepEnvelopes: false, onInterchange: (ic) => streamed.push(ic) });
    expect(result.interchanges).toEqual([]);
    expect(streamed).toEqual(kept.interchanges);
    expect(result.diagnostics).toEqual(kept.diagnostics);
    expect(result.diagnostics.map((d) => d.code)).toEqual(['UNEXPECTED_END_OF_FILE']);
  });

  it('passes bare transaction sets to onTransactionSet, not the result, with keepEnvelopes: false', () => {
    const bare = 'ST*945*0009~\nW06*F*ORD-9~\nSE*3*0009~\n';
    const sets: string[] = [];
    const result = parseX12(bare, { keepEnvelopes: false, onTransactionSet: (tx) => sets.push(tx.control) });
    expect(result.fragments).toEqual([]);
    expect(sets).toEqual(['0009']);
    expect(parseX12(bare).fragments.map((tx) => tx.control)).toEqual(['0009']);
  });

  it.each(['X', 'LX', 'W12', 'W12X', 'W12XYZ'])('reads the identifier %s with and without elements after it', (tag) => {
    for (const segment of [tag, `${tag}*1`, `${tag}*`, `${tag}**2`]) {
      const seen: Segment[] = [];
      const result = parseX12(INTERCHANGE.replace('W03*5~', `${segment}~`), { onSegment: (s) => seen.push(s) });
      const read = seen.find((s) => s.offset === INTERCHANGE.indexOf('W03*5~')) as Segment;
      expect([read.tag, read.elements]).toEqual([tag, segment.split('*')]);
      expect(result.diagnostics.map((d) => d.code)).toEqual(tag.length < 2 || tag.length > 3 ? ['SEGMENT_TAG_INVALID'] : []);
    }
  });

  it('reports a bad identifier where the segment was read the unusual way too', () => {
    // Hard-wrapped: a line break inside the segment sends it through the tokenizer's slow path.
    const wrapped = parseX12(INTERCHANGE.replace('W03*5~', 'W0\n3X*5~'));
    const bad = wrapped.diagnostics.filter((d) => d.code === 'SEGMENT_TAG_INVALID');
    expect(bad.map((d) => [d.segment, d.segmentIndex, d.offset, d.line])).toEqual([['W03X', 6, INTERCHANGE.indexOf('W03*5~'), 7]]);
  });

  it('records the tokenizer\'s findings in a bare set on the set, and caps them like every other', () => {
    // No interchange: the empty segment (a tokenizer finding) belongs to the set, as inside one.
    const bare = parseX12('ST*945*0009~\n~\nW06*F~\nSE*3*0009~\n');
    expect(bare.fragments[0].diagnostics.map((d) => d.code)).toEqual(['BARE_TRANSACTION_SET', 'EMPTY_SEGMENT']);
    // A bare set of nothing but terminators cannot list more than the limit.
    const flood = parseX12('ST*945*0009~' + '~'.repeat(500), { maxDiagnostics: 20 });
    expect(flood.diagnostics.length).toBeLessThanOrEqual(21);
    expect(flood.diagnostics[flood.diagnostics.length - 1].code).toBe('DIAGNOSTICS_TRUNCATED');
  });

  it('keeps the list of groups a callback saw before the first GS', () => {
    const bare = 'ST*945*0009~\nW06*F*ORD-9~\nSE*3*0009~\n';
    let seen: unknown[] | null = null;
    const result = parseX12(INTERCHANGE.replace('~\nGS*', `~\n${bare}GS*`), {
      onTransactionSet: (_tx, _group, interchange) => (seen ??= interchange?.groups ?? null),
    });
    expect(seen).toBe(result.interchanges[0].groups);
    expect(result.interchanges[0].groups).toHaveLength(1);
  });

  it('reads TA1 segments between ISA and GS', () => {
    const withTa1 = INTERCHANGE.replace('~\nGS*', '~\nTA1*000000050*261129*2300*R*006~\nGS*');
    const [ic] = parseX12(withTa1).interchanges;
    expect(ic.acknowledgments).toEqual([{ control: '000000050', date: '261129', time: '2300', ackCode: 'R', noteCode: '006', segmentIndex: 1, offset: 107, line: 2 }]);
  });

  it('keeps segments only when asked', () => {
    expect(parseX12(INTERCHANGE).interchanges[0].groups[0].transactions[0].segments).toBeUndefined();
    const kept = parseX12(INTERCHANGE, { keepSegments: true }).interchanges[0].groups[0].transactions[0].segments as Segment[];
    expect(kept.map((s) => s.tag)).toEqual(['ST', 'W06', 'LX', 'W12', 'W03', 'SE']);
  });

  it('reports every transaction set as it ends, with its group and interchange', () => {
    const ended: string[] = [];
    parseX12(INTERCHANGE + INTERCHANGE.replace(/000000101/g, '000000102'), {
      onTransactionSet: (t, g, i) => ended.push(`${i?.control}/${g?.control}/${t.set}/${t.control}`),
    });
    expect(ended).toEqual(['000000101/101/945/0001', '000000102/101/945/0001']);
  });

  it('parses a Node Readable as a stream of Buffers with byte offsets', async () => {
    const bytes = Buffer.from(INTERCHANGE.repeat(3).replace(/DISTRIBUTOR    \*/, 'DISTRIBUTÖR    *'), 'utf8');
    const stream = Readable.from([bytes.subarray(0, 7), bytes.subarray(7, 250), bytes.subarray(250)]);
    const result = await parseX12Stream(stream);
    expect(result.bytes).toBe(bytes.length);
    expect(result.interchanges).toHaveLength(3);
    // The UTF-8 "Ö" is two bytes: ISA is 107 bytes wide, and every later offset counts bytes.
    const third = result.interchanges[2];
    expect(bytes.subarray(third.offset, third.offset + 4).toString()).toBe('ISA*');
    expect(result.diagnostics.map((d) => d.code)).toEqual(['ISA_LENGTH', 'ISA_FIELD_WIDTH']);
  });

  it('holds only the unfinished tail of the input, not what it has read', () => {
    const parser = new X12Parser();
    const tail = (): number => (parser as unknown as { tokenizer: { text: string; pos: number } }).tokenizer.text.length - (parser as unknown as { tokenizer: { pos: number } }).tokenizer.pos;
    parser.push(ISA + '\n' + BODY[0] + '\nST*945*0001~\n');
    for (let i = 0; i < 2000; i++) {
      parser.push('W12*CC*5*5*0*EA**VN*SKU-1~\nW1');
      parser.push('2*CC*5*5*0*EA**VN*SKU-2~\n');
      expect(tail()).toBeLessThan(40);
    }
    parser.push('SE*4002*0001~\nGE*1*101~\nIEA*1*000000101~\n');
    const result = parser.end();
    expect(result.diagnostics).toEqual([]);
    expect(result.interchanges[0].groups[0].transactions[0].segmentCount).toBe(4002);
  });

  it('points the findings of a truncated input at its last segment, inside a set or after it', () => {
    const at = (text: string) => parseX12(text).diagnostics.map((d) => [d.code, d.segment, d.segmentIndex, d.line]);
    // Cut after W03 (a data segment): SE, GE and IEA are missing, all found at W03.
    const insideSet = [ISA, ...BODY.slice(0, 6)].join('\n') + '\n';
    expect(at(insideSet)).toEqual([
      ['SE_MISSING', 'W03', 6, 7],
      ['GE_MISSING', 'W03', 6, 7],
      ['UNEXPECTED_END_OF_FILE', 'W03', 6, 7],
    ]);
    // Cut after SE: the set is whole, GE and IEA are missing, found at SE.
    const afterSet = [ISA, ...BODY.slice(0, 7)].join('\n') + '\n';
    expect(at(afterSet)).toEqual([
      ['GE_MISSING', 'SE', 7, 8],
      ['UNEXPECTED_END_OF_FILE', 'SE', 7, 8],
    ]);
    // Cut right after ST: the set's only segment is its header.
    const afterSt = [ISA, ...BODY.slice(0, 2)].join('\n') + '\n';
    expect(at(afterSt).map((d) => d.slice(0, 3))).toEqual([
      ['SE_MISSING', 'ST', 2],
      ['GE_MISSING', 'ST', 2],
      ['UNEXPECTED_END_OF_FILE', 'ST', 2],
    ]);
  });

  it('reads characters beyond one byte in string input as data, never as the delimiter their low byte is', () => {
    // U+017E and U+012A end in the bytes of "~" and "*": encoded as latin1 they would split the segment.
    const text = INTERCHANGE.replace('W06*F*ORD-1', 'W06*F*ORD-\u017e\u012a1');
    const seen: string[][] = [];
    const result = parseX12(text, { onSegment: (s) => seen.push([...s.elements]) });
    expect(result.diagnostics).toEqual([]);
    expect(seen[1]).toEqual(['W06', 'F', 'ORD-\u017e\u012a1', '20261130', 'BOL1']);
    // The same text pushed a character at a time, so the wide characters arrive alone and in tails.
    const parser = new X12Parser({ onSegment: () => undefined });
    for (const ch of text) parser.push(ch);
    expect(parser.end()).toEqual(result);
    // Text up to the middle of that element, the rest as bytes: the unfinished tail holds the wide characters.
    const cut = text.indexOf('\u012a') + 1;
    const mixed = new X12Parser({ onSegment: () => undefined });
    mixed.push(text.slice(0, cut));
    mixed.push(Buffer.from(text.slice(cut), 'latin1'));
    expect(mixed.end()).toEqual({ ...result, bytes: cut + Buffer.byteLength(text.slice(cut), 'latin1') });
  });

  it('reads a string longer than a stream chunk in pieces, exactly as the same bytes', () => {
    // About 340 KB: the 64 Ki-character pieces end wherever they fall, inside segments or ISAs.
    const text = Array.from({ length: 1200 }, (_, i) => INTERCHANGE.replace(/000000101/g, String(i + 1).padStart(9, '0'))).join('');
    expect(text.length).toBeGreaterThan(5 * 64 * 1024);
    const read = (input: string | Buffer) => {
      const seen: string[] = [];
      const result = parseX12(input, { onSegment: (s) => seen.push(`${s.offset}:${s.elements.join('|')}`) });
      return { result, seen };
    };
    const fromString = read(text);
    expect(fromString.result.diagnostics).toEqual([]);
    expect(fromString.result.interchanges).toHaveLength(1200);
    expect(fromString).toEqual(read(Buffer.from(text, 'latin1')));
  });

  it('keeps nothing of a pushed buffer that the caller may reuse after push returns', () => {
    const bytes = Buffer.from(INTERCHANGE, 'latin1');
    const expected: string[] = [];
    const whole = parseX12(bytes, { onSegment: (s) => expected.push(s.elements.join('|')) });
    // One reused buffer, refilled for every chunk and scribbled over after each push, as a reader
    // with a fixed read buffer would; chunk ends fall inside segments, so tails carry over.
    for (const size of [7, 50, 64]) {
      const seen: string[] = [];
      const parser = new X12Parser({ onSegment: (s) => seen.push(s.elements.join('|')) });
      const buffer = Buffer.alloc(size);
      for (let at = 0; at < bytes.length; at += size) {
        const n = bytes.copy(buffer, 0, at, at + size);
        parser.push(buffer.subarray(0, n));
        buffer.fill('~');
      }
      expect(parser.end()).toEqual(whole);
      expect(seen).toEqual(expected);
    }
    // An ISA followed by fewer characters than delimiter detection looks ahead waits for end(),
    // which then reads segments of a buffer pushed before: the scribble would cut "GE" at "G".
    const short = ISA + 'GE~';
    const buffer = Buffer.from(short, 'latin1');
    const parser = new X12Parser({ onSegment: () => undefined });
    parser.push(buffer);
    buffer.fill('AB~');
    expect(parser.end()).toEqual(parseX12(short));
  });

  it("puts an ISA's own findings on its interchange, even when the one before has no IEA", () => {
    const first = [ISA, ...BODY.slice(0, 8)].join('\n') + '\n'; // no IEA
    // A short sender ID: a 103-character ISA, read with an ISA_LENGTH warning.
    const second = INTERCHANGE.replace(/000000101/g, '000000102').replace('WAREHOUSE3PL   ', 'WAREHOUSE3PL');
    const codes = (text: string) => parseX12(text).interchanges.map((ic) => ic.diagnostics.map((d) => d.code));
    expect(codes(first + second)).toEqual([['IEA_MISSING'], ['ISA_LENGTH', 'ISA_FIELD_WIDTH']]);
    // An ISA that is refused opens nothing: its finding stays on the interchange it interrupts.
    expect(codes(first + 'ISA*00*BROKEN~\n' + second)).toEqual([['DELIMITER_INVALID', 'IEA_MISSING'], ['ISA_LENGTH', 'ISA_FIELD_WIDTH']]);
  });

  it('refuses push() after end()', () => {
    const parser = new X12Parser();
    parser.end();
    expect(() => parser.push('ISA')).toThrow('push() after end()');
  });

  it('reports an input with no interchange and nothing else wrong as an error: empty, blank lines, a BOM', () => {
    const found = (input: string | Buffer) => parseX12(input).diagnostics.map((d) => [d.code, d.severity, d.offset, d.line]);

    expect(parseX12('')).toMatchObject({ bytes: 0, segmentCount: 0, interchanges: [], fragments: [] });
    expect(found('')).toEqual([['NO_INTERCHANGE', 'error', 0, 1]]);
    expect(found('\r\n\r\n')).toEqual([['WHITESPACE_OUTSIDE_INTERCHANGE', 'warning', 0, 1], ['NO_INTERCHANGE', 'error', 0, 1]]);
    expect(found(Buffer.from([0xef, 0xbb, 0xbf]))).toEqual([['BOM_SKIPPED', 'warning', 0, 1], ['NO_INTERCHANGE', 'error', 0, 1]]);
  });

  it('adds nothing to an input whose own errors say why it holds no interchange, nor to a bare set', () => {
    const codes = (input: string) => parseX12(input).diagnostics.map((d) => d.code);

    expect(codes('HELLO WORLD\n')).toEqual(['DATA_OUTSIDE_INTERCHANGE']);
    expect(codes('ISA*00*BROKEN~\n')).not.toContain('NO_INTERCHANGE');
    expect(codes('ST*997*0001~\nAK9*A*1*1*1~\nSE*3*0001~\n')).toEqual(['BARE_TRANSACTION_SET']);
  });
});

describe('X12Parser limits', () => {
  const long = INTERCHANGE.replace('W06*F*ORD-1*20261130*BOL1~', `W06*F*ORD-1*20261130*${'B'.repeat(5000)}~`);

  it.each([1, 7, 100, 4000, 5100])('skips an over-long segment the same way whatever the chunk size (%i)', (size) => {
    const parser = new X12Parser({ maxSegmentLength: 1000 });
    for (let i = 0; i < long.length; i += size) parser.push(long.slice(i, i + size));
    const result = parser.end();
    expect(result).toEqual(parseX12(long, { maxSegmentLength: 1000 }));
    expect(result.diagnostics.map((d) => `${d.code}@${d.line}`)).toEqual(['SEGMENT_TOO_LONG@4', 'SE_SEGMENT_COUNT_MISMATCH@8']);
  });

  it('stops recording the separators of an over-long segment at the limit, in a file parsed whole', () => {
    const separators = INTERCHANGE.replace('W06*F*ORD-1*20261130*BOL1~', `W06${'*'.repeat(200_000)}~`);
    const parser = new X12Parser({ maxSegmentLength: 1000, onSegment: () => undefined });
    parser.push(Buffer.from(separators, 'latin1'));
    const result = parser.end();
    expect(result.diagnostics.map((d) => `${d.code}@${d.line}`)).toEqual(['SEGMENT_TOO_LONG@4', 'SE_SEGMENT_COUNT_MISMATCH@8']);
    // One position per separator would have grown the array to 262,144 (4 bytes each).
    const tokenizer = (parser as unknown as { tokenizer: { separators: Int32Array } }).tokenizer;
    expect(tokenizer.separators.length).toBeLessThanOrEqual(2048);
  });

  it('never holds more than the limit of an unterminated segment', () => {
    const parser = new X12Parser({ maxSegmentLength: 1000 });
    parser.push(ISA + '\n' + BODY[0] + '\nST*945*0001~\nW06*');
    for (let i = 0; i < 100; i++) parser.push('X'.repeat(500));
    const tokenizer = (parser as unknown as { tokenizer: { text: string; pos: number } }).tokenizer;
    expect(tokenizer.text.length - tokenizer.pos).toBeLessThanOrEqual(1500);
  });
});

describe('X12Parser diagnostic limits', () => {
  it('caps the diagnostics it lists but keeps one of every code on each envelope, so acknowledgments stay right', () => {
    const junk = Array.from({ length: 300 }, (_, i) => `w${i % 10}*1~`).join('\n');
    const text = INTERCHANGE.replace('W03*5~', `W03*5~\n${junk}`);
    const result = parseX12(text, { maxDiagnostics: 50 });
    expect(result.diagnostics).toHaveLength(51);
    expect(result.diagnostics[50]).toMatchObject({ code: 'DIAGNOSTICS_TRUNCATED', message: '251 more diagnostics were found and not listed (limit 50)' });
    const tx = result.interchanges[0].groups[0].transactions[0];
    expect(tx.diagnostics.length).toBeLessThanOrEqual(101);
    expect(tx.diagnostics.map((d) => d.code)).toContain('SE_SEGMENT_COUNT_MISMATCH');
  });
});

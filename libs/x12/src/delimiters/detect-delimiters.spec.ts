import { detectIsaDelimiters, RecentIsas } from './detect-delimiters';

const ISA_00401 = 'ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *200101*1200*U*00401*000000001*0*P*>~';
const ISA_00501 = 'ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *200101*1200*^*00501*000000001*0*P*:~';

function ok(text: string, final = true) {
  const found = detectIsaDelimiters(text, 0, final);
  if (found.kind !== 'ok') throw new Error(`expected delimiters, got ${JSON.stringify(found)}`);
  return found;
}

describe('detectIsaDelimiters', () => {
  it('reads element, component and terminator from a standard 106-character ISA', () => {
    const found = ok(ISA_00401 + 'GS*');
    expect(ISA_00401).toHaveLength(106);
    expect(found.delimiters).toEqual({ element: '*', component: '>', repetition: null, segment: '~' });
    expect(found.end).toBe(106);
    expect(found.notes).toEqual([]);
  });

  it('hands back the previous interchange\'s delimiters object when they are unchanged', () => {
    const previous = ok(ISA_00501 + 'GS*').delimiters;
    expect(detectIsaDelimiters(ISA_00501 + 'GS*', 0, true, previous)).toMatchObject({ kind: 'ok', delimiters: previous });
    expect(ok(ISA_00401 + 'GS*').delimiters).not.toBe(previous);
  });

  it.each([
    ['an ID with a hyphen', ISA_00401.replace('SENDER   ', 'SEN-DER  '), { kind: 'ok', delimiters: { element: '*', component: '>', repetition: null, segment: '~' } }],
    ['ISA11 equal to the terminator', ISA_00501.replace('*^*', '*~*'), { kind: 'error', code: 'ISA_INVALID' }],
    ['ISA11 equal to ISA16', ISA_00501.replace('*^*', '*:*'), { kind: 'error', code: 'DELIMITER_INVALID' }],
    ['ISA16 equal to the element separator', ISA_00401.replace('>~', '*~'), { kind: 'error', code: 'DELIMITER_INVALID' }],
  ])('reads a standard-width ISA with %s through the general scan', (_, isa, expected) => {
    // The standard-layout shortcut declines these; the general scan gives its usual answer.
    expect(detectIsaDelimiters(isa + 'GS*', 0, true)).toMatchObject(expected);
  });

  it.each([
    ['the same ISA but its control number', ISA_00401.replace('000000001', '000000002')],
    ['a control number with a separator in it', ISA_00401.replace('000000001', '0000*0002')],
    ['a control number with a line break in it', ISA_00401.replace('000000001', '0000\n0002')],
    ['another terminator', ISA_00401.replace('>~', '>!')],
    ['another component separator', ISA_00401.replace('>~', ':~')],
    ['another element separator', ISA_00401.replace(/\*/g, '|')],
    ['another receiver', ISA_00401.replace('RECEIVER ', 'RETAILER ')],
    ['ISA11 the terminator', ISA_00401.replace('*U*', '*~*')],
  ])('reads an ISA after recent standard ones exactly as without them: %s', (_, isa) => {
    const recent = new RecentIsas();
    // The shortcut wants a few characters after the ISA, as the general scan does.
    const next = 'GS*SW*X~';
    const shapes = [ISA_00501, ISA_00401].map((earlier) => (detectIsaDelimiters(earlier + next, 0, true, null, recent) as { shape?: object }).shape);
    expect(recent.find(ISA_00401.replace('000000001', '000000777') + next, 0)?.delimiters).toEqual({ element: '*', component: '>', repetition: null, segment: '~' });
    const { shape, ...found } = detectIsaDelimiters(isa + next, 0, true, null, recent) as { shape?: object };
    expect(found).toEqual(detectIsaDelimiters(isa + next, 0, true));
    // The shape is the earlier ISA's exactly when only the control number differs.
    const repeats = isa === ISA_00401.replace('000000001', '000000002');
    expect(shape === shapes[1]).toBe(repeats);
    expect(shape === shapes[0]).toBe(false);
  });

  it('takes ISA11 as the repetition separator from version 00402 on', () => {
    expect(ok(ISA_00501 + 'GS*').delimiters.repetition).toBe('^');
  });

  it('ignores a non-alphanumeric ISA11 before version 00402', () => {
    expect(ok(ISA_00401.replace('*U*00401', '*^*00401') + 'GS*').delimiters.repetition).toBeNull();
  });

  it('reads a short ISA (12-character ISA06) and notes its length', () => {
    const text = 'ISA*00*          *00*          *01*XXXXXX      *12*9013446133     *131003*0004*U*00400*300044350*0*P*`\nGS*FA';
    const found = ok(text);
    expect(found.delimiters).toEqual({ element: '*', component: '`', repetition: null, segment: '\n' });
    expect(found.notes.map((n) => n.code)).toEqual(['ISA_LENGTH']);
  });

  it('takes a line feed after ISA16 as the terminator when the next line does not end with ISA16', () => {
    const found = ok(ISA_00401.slice(0, -1) + '\nGS*SH*A*B*20200101*1200*1*X*004010\nST*856*0001\n');
    expect(found.delimiters.segment).toBe('\n');
    expect(found.delimiters.component).toBe('>');
    expect(found.lineFeeds).toBe(1);
  });

  it('recognises a missing ISA16 when the next line ends with the same character', () => {
    const isa = ISA_00401.slice(0, -2) + '~';
    const found = ok(isa + '\nGS*OW*A*B*20111223*0938*4332*T*004010~\nST*940*0001~');
    expect(found.delimiters).toEqual({ element: '*', component: null, repetition: null, segment: '~' });
    expect(found.notes.map((n) => n.code)).toEqual(['ISA16_MISSING', 'ISA_LENGTH']);
  });

  it('recognises a missing ISA16 followed directly by GS', () => {
    const found = ok(ISA_00401.slice(0, -2) + '~GS*OW*A*B*20111223*0938*1*X*004010~');
    expect(found.delimiters.segment).toBe('~');
    expect(found.delimiters.component).toBeNull();
  });

  it('reads an ISA hard-wrapped at 80 columns', () => {
    const wrapped = ISA_00401.slice(0, 80) + '\n' + ISA_00401.slice(80) + 'GS*IB';
    const found = ok(wrapped);
    expect(found.delimiters).toEqual({ element: '*', component: '>', repetition: null, segment: '~' });
    expect(found.raw).toBe(ISA_00401.slice(0, -1));
    expect(found.notes.map((n) => n.code)).toEqual(['LINE_BREAKS_IN_SEGMENTS']);
  });

  it('reads an ISA wrapped between ISA16 and the terminator', () => {
    const found = ok(ISA_00401.slice(0, -1) + '\n~GS*IB*X');
    expect(found.delimiters).toEqual({ element: '*', component: '>', repetition: null, segment: '~' });
  });

  it('asks for more input while the ISA is incomplete, and refuses at the end of input', () => {
    expect(detectIsaDelimiters(ISA_00401.slice(0, 50), 0, false)).toEqual({ kind: 'more' });
    expect(detectIsaDelimiters(ISA_00401.slice(0, 50), 0, true)).toMatchObject({ kind: 'error', code: 'ISA_TRUNCATED' });
  });

  it('refuses an alphanumeric element separator', () => {
    expect(detectIsaDelimiters('ISAX00X', 0, true)).toMatchObject({ kind: 'error', code: 'ISA_INVALID' });
  });

  it('refuses a component separator equal to the terminator', () => {
    expect(detectIsaDelimiters(ISA_00401.slice(0, -2) + '~~GS', 0, true)).toMatchObject({ kind: 'error', code: 'DELIMITER_INVALID' });
  });

  it('refuses text with no 16 element separators', () => {
    expect(detectIsaDelimiters('ISA*' + 'x'.repeat(500), 0, true)).toMatchObject({ kind: 'error', code: 'ISA_INVALID' });
  });

  it('refuses an alphanumeric segment terminator', () => {
    expect(detectIsaDelimiters(ISA_00401.slice(0, -1) + 'QQQ', 0, true)).toMatchObject({ kind: 'error', code: 'DELIMITER_INVALID' });
  });
});

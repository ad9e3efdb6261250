import { readFileSync } from 'fs';
import { join } from 'path';
import { baseCatalog, DocumentValidator, validateElements, validateTransaction } from '@tradewire/specs';
import {
  buildFunctionalAck, buildInterchangeAck, generateX12, InterchangeDocument, parseX12, ParseResult, readAcknowledgments, Segment, SegmentTokenizer,
  shouldSendTa1,
} from '@tradewire/x12';

const AT = new Date('2026-11-30T10:15:00Z');

/** ISA, GS, GE, IEA and TA1 segments of a document (everything outside transaction sets). */
function envelopeSegments(text: string): Segment[] {
  const found: Segment[] = [];
  const tokenizer = new SegmentTokenizer({ onSegment: (s) => (['ISA', 'GS', 'GE', 'IEA', 'TA1'].includes(s.tag) ? found.push(s) : 0), onDiagnostic: () => undefined });
  tokenizer.push(text);
  tokenizer.end();
  return found;
}
const DIAGNOSTIC_FIXTURES = join(__dirname, '..', 'libs', 'x12', 'fixtures', 'diagnostics');
const SAMPLES = join(__dirname, 'fixtures', 'samples');

/** Parses and validates an inbound file, then builds the 997 or 999 for its first group. */
function acknowledge(text: string | Buffer, type: '997' | '999', includeAcceptedSets = true): { inbound: ParseResult; ack: string } {
  const validator = new DocumentValidator(baseCatalog());
  const inbound = parseX12(text, { keepSegments: 'transient', onTransactionSet: validator.onTransactionSet });
  const [ic] = inbound.interchanges;
  const [group] = ic.groups;
  const verdicts = group.transactions.map((t) => ({ transaction: t, validation: validator.results.get(t), diagnostics: t.diagnostics }));
  const doc = buildFunctionalAck(ic, group, verdicts, group.diagnostics, { type, interchangeControl: 77, at: AT, includeAcceptedSets }) as InterchangeDocument;
  return { inbound, ack: generateX12(doc, { lineBreak: '\n' }) };
}

/** The acknowledgment must itself be a clean document: envelope segments against their definitions, then the transaction set. */
function expectCleanAck(ack: string): ParseResult {
  const parsed = parseX12(ack, { keepSegments: true });
  const version = parsed.interchanges[0].version === '00501' ? '005010' : '004010';
  for (const seg of envelopeSegments(ack)) expect(validateElements(seg, baseCatalog().segment(version, seg.tag))).toEqual([]);
  expect(parsed.diagnostics).toEqual([]);
  const [group] = parsed.interchanges[0].groups;
  for (const t of group.transactions) expect(validateTransaction(t, baseCatalog().spec(t.set, group.version)).segments).toEqual([]);
  return parsed;
}

const ENVELOPE_CASES: Array<[string, string, string[]]> = [
  ['SE_SEGMENT_COUNT_MISMATCH', 'R', ['4']],
  ['SE_CONTROL_MISMATCH', 'R', ['3']],
  ['SE_MISSING', 'R', ['2']],
  ['DUPLICATE_TRANSACTION_CONTROL', 'R', ['23']],
];

describe('functional acknowledgments', () => {
  it.each(['997', '999'] as const)('a %s for an 846 with a wrong SE count rejects the set with AK5/IK5 code 4, and reads back the same', (type) => {
    const { ack } = acknowledge(readFileSync(join(DIAGNOSTIC_FIXTURES, 'SE_SEGMENT_COUNT_MISMATCH.edi')), type);
    const reading = readAcknowledgments(expectCleanAck(ack));
    expect(reading.functionalGroups).toHaveLength(1);
    const [fg] = reading.functionalGroups;
    expect(fg).toMatchObject({ type, functionalId: 'IB', control: '101', status: 'R', included: 1, received: 1, accepted: 0, errors: [] });
    expect(fg.transactions.map((t) => [t.set, t.control, t.status, t.errors])).toEqual([['846', '0001', 'R', expect.arrayContaining(['4'])]]);
  });

  it.each(ENVELOPE_CASES)('maps %s to AK5 %s with codes %j', (fixture, status, codes) => {
    const { ack } = acknowledge(readFileSync(join(DIAGNOSTIC_FIXTURES, `${fixture}.edi`)), '997');
    const [fg] = readAcknowledgments(expectCleanAck(ack)).functionalGroups;
    const last = fg.transactions[fg.transactions.length - 1];
    expect(last.status).toBe(status);
    expect(last.errors).toEqual(expect.arrayContaining(codes));
  });

  it('maps group trailer problems to AK9 codes', () => {
    const { ack } = acknowledge(readFileSync(join(DIAGNOSTIC_FIXTURES, 'GE_TRANSACTION_COUNT_MISMATCH.edi')), '997');
    const [fg] = readAcknowledgments(expectCleanAck(ack)).functionalGroups;
    expect(fg).toMatchObject({ status: 'R', included: 2, received: 1, errors: ['5'] });
  });

  it('writes AK3/AK4 from validation findings and reads them back', () => {
    const inbound997 = [
      'ISA*00*          *00*          *ZZ*3PL            *ZZ*DISTRIBUTOR    *261130*0930*U*00401*000000201*0*P*>',
      'GS*FA*3PL*DISTRIBUTOR*20261130*0930*201*X*004010',
      'ST*997*0001', 'AK1*XX*1', 'AK2*940*0001', 'AK5*A', 'AK2*940*0002', 'AK5*R*5', 'AK9*P*2*2*1', 'SE*8*0001',
      'ST*997*0002', 'AK1*OW*2', 'AK9*A*1*1*1', 'SE*4*0002',
      'GE*2*201', 'IEA*1*000000201',
    ].join('~\n') + '~\n';
    // An inbound 997 is never acknowledged by a 997; build one for its group anyway by relabelling GS01 to see AK3/AK4 written.
    const { ack } = acknowledge(inbound997.replace('GS*FA*', 'GS*IB*'), '997');
    const [fg] = readAcknowledgments(expectCleanAck(ack)).functionalGroups;
    expect(fg).toMatchObject({ status: 'P', included: 2, received: 2, accepted: 1 });
    expect(fg.transactions[0]).toEqual({
      set: '997', control: '0001', status: 'R', errors: ['5'],
      segments: [{ tag: 'AK1', position: 2, code: '8', context: [], elements: [{ position: 1, ref: '479', code: '7', value: 'XX' }] }],
    });
    expect(fg.transactions[1]).toEqual({ set: '997', control: '0002', status: 'A', errors: [], segments: [] });
  });

  it('leaves out accepted sets when asked', () => {
    const inbound = [
      'ISA*00*          *00*          *ZZ*3PL            *ZZ*DISTRIBUTOR    *261130*0930*U*00401*000000201*0*P*>',
      'GS*IB*3PL*DISTRIBUTOR*20261130*0930*201*X*004010',
      'ST*997*0001', 'AK1*OW*2', 'AK9*A*1*1*1', 'SE*4*0001',
      'ST*997*0002', 'AK1*OW*3', 'SE*3*0002',
      'GE*2*201', 'IEA*1*000000201',
    ].join('~') + '~';
    const { ack } = acknowledge(inbound, '997', false);
    const [fg] = readAcknowledgments(expectCleanAck(ack)).functionalGroups;
    expect(fg).toMatchObject({ status: 'P', received: 2, accepted: 1 });
    expect(fg.transactions.map((t) => t.control)).toEqual(['0002']);
  });

  it('never acknowledges a group of acknowledgments', () => {
    const inbound = parseX12(readFileSync(join(SAMPLES, '997', 'stupidedi-997-newline-backtick.edi')));
    const [ic] = inbound.interchanges;
    expect(buildFunctionalAck(ic, ic.groups[0], [], [], { type: '997', interchangeControl: 1, at: AT })).toBeNull();
  });

  it('addresses the acknowledgment back to the sender, with the inbound version for a 997 and 005010X231A1 for a 999', () => {
    const bytes = readFileSync(join(DIAGNOSTIC_FIXTURES, 'valid.edi'));
    const a997 = parseX12(acknowledge(bytes, '997').ack).interchanges[0];
    expect(a997).toMatchObject({ senderQualifier: 'ZZ', sender: 'DISTRIBUTOR', receiver: 'WAREHOUSE3PL', version: '00401', control: '000000077', date: '261130', time: '1015' });
    expect(a997.groups[0]).toMatchObject({ functionalId: 'FA', sender: 'DISTRIBUTOR', receiver: 'WAREHOUSE3PL', version: '004010', control: '77' });
    const a999 = parseX12(acknowledge(bytes, '999').ack).interchanges[0];
    expect(a999.version).toBe('00501');
    expect(a999.groups[0].version).toBe('005010X231A1');
  });

  it('writes the version a profile asks for instead of mirroring the inbound one', () => {
    const [ic] = parseX12(readFileSync(join(DIAGNOSTIC_FIXTURES, 'valid.edi'))).interchanges;
    const doc = buildFunctionalAck(ic, ic.groups[0], [], [], { type: '997', interchangeControl: 1, at: AT, version: '005010' }) as InterchangeDocument;
    const parsed = expectCleanAck(generateX12(doc));
    expect([parsed.interchanges[0].version, parsed.interchanges[0].groups[0].version]).toEqual(['00501', '005010']);
    expect(generateX12(doc)).toContain('AK1*IB*101*004010~');
  });
});

describe('interchange acknowledgments (TA1)', () => {
  it.each([
    ['valid', 'A', '000'],
    ['IEA_CONTROL_MISMATCH', 'R', '001'],
    ['IEA_GROUP_COUNT_MISMATCH', 'R', '021'],
    ['UNEXPECTED_END_OF_FILE', 'R', '023'],
    ['ISA_DATE_INVALID', 'R', '014'],
    ['ISA_FIELD_INVALID', 'R', '020'],
  ])('%s gives TA104 %s with note %s', (fixture, status, note) => {
    const [ic] = parseX12(readFileSync(join(DIAGNOSTIC_FIXTURES, `${fixture}.edi`))).interchanges;
    const ack = generateX12(buildInterchangeAck(ic, ic.diagnostics, { interchangeControl: 5, at: AT }));
    // TA102/TA103 repeat the inbound ISA09/ISA10 as received, so a TA1 answering a bad date carries it.
    const copiesBadDate = fixture === 'ISA_DATE_INVALID';
    for (const seg of envelopeSegments(ack)) expect(validateElements(seg, baseCatalog().segment('004010', seg.tag)).length).toBe(copiesBadDate && seg.tag === 'TA1' ? 1 : 0);
    const parsed = parseX12(ack, { keepSegments: true });
    expect(parsed.diagnostics).toEqual([]);
    expect(readAcknowledgments(parsed).interchanges).toEqual([{ interchangeControl: '000000005', control: ic.control, date: ic.date, time: ic.time, status, noteCode: note }]);
  });

  it('is sent when asked for (ISA14) or always by policy, never for an interchange of TA1s only', () => {
    const [asked] = parseX12(readFileSync(join(DIAGNOSTIC_FIXTURES, 'valid.edi')).toString().replace('*0*P*>', '*1*P*>')).interchanges;
    const [notAsked] = parseX12(readFileSync(join(DIAGNOSTIC_FIXTURES, 'valid.edi'))).interchanges;
    expect([shouldSendTa1(asked, 'when-requested'), shouldSendTa1(notAsked, 'when-requested'), shouldSendTa1(notAsked, 'always'), shouldSendTa1(asked, 'never')]).toEqual([true, false, true, false]);
    const ta1Only = generateX12(buildInterchangeAck(asked, [], { interchangeControl: 9, at: AT }));
    const [ta1Interchange] = parseX12(ta1Only.replace('*0*P*:', '*1*P*:')).interchanges;
    expect(shouldSendTa1(ta1Interchange, 'always')).toBe(false);
  });
});

describe('reading the public acknowledgment samples', () => {
  it.each([
    ['997/stupidedi-997-newline-backtick.edi', [['997', 'AG', '160', 'A', 1, 1, 1, [['824', '0160', 'A', []]]]]],
    ['999/imsweb-999-rejected-pipe-component.edi', [['999', 'HC', '28', 'R', 1, 1, 0, [['837', '0028', 'R', ['5']]]]]],
    ['999/staedi-999-partial-ctx.edi', [['999', 'HC', '17456', 'P', 3, 3, 1, [['837', '0001', 'A', []], ['837', '0002', 'R', ['5']], ['837', '0003', 'R', ['5']]]]]],
  ])('%s', (file, expected) => {
    const reading = readAcknowledgments(parseX12(readFileSync(join(SAMPLES, file)), { keepSegments: true }));
    const summary = reading.functionalGroups.map((g) => [g.type, g.functionalId, g.control, g.status, g.included, g.received, g.accepted, g.transactions.map((t) => [t.set, t.control, t.status, t.errors])]);
    expect(summary).toEqual(expected);
  });

  it('reads IK3/IK4 and CTX detail from the 999 sample', () => {
    const [fg] = readAcknowledgments(parseX12(readFileSync(join(SAMPLES, '999', 'staedi-999-partial-ctx.edi')), { keepSegments: true })).functionalGroups;
    expect(fg.transactions[1].segments).toEqual([{ tag: 'CLM', position: 22, code: '8', context: ['CLM01'], elements: [{ position: 2, ref: '782', code: '1' }] }]);
    expect(fg.transactions[2].segments[0]).toMatchObject({ tag: 'REF', position: 57, code: '3', context: ['SITUATIONAL TRIGGER', 'SITUATIONAL TRIGGER', 'SITUATIONAL TRIGGER', 'CLM01'] });
  });
});

describe('999 context from a partner guide', () => {
  it('names the business unit (here the order, W0602) in CTX after each IK3, and the 999 still validates clean', () => {
    const guide = JSON.parse(readFileSync(join(__dirname, '..', 'edi-specs', 'guides', 'example-3pl-945-004010.json'), 'utf8'));
    const inbound = [
      'ISA*00*          *00*          *ZZ*3PLWH          *ZZ*DISTRIBUTOR    *261130*0930*U*00401*000000301*0*P*>',
      'GS*SW*3PLWH*DISTRIBUTOR*20261130*0930*301*X*004010',
      'ST*945*0001', 'W06*X*ORD-1001*20261130*BOL77', 'N1*ST*STORE 4*92*S4', 'LX*1', 'W12*CC*12*10*2*EA**VN*SKU-1', 'W03*10', 'SE*7*0001',
      'GE*1*301', 'IEA*1*000000301',
    ].join('~\n') + '~\n';
    const validator = new DocumentValidator(baseCatalog(), (set, version) => (set === '945' && version === '004010' ? guide : undefined));
    const parsed = parseX12(inbound, { keepSegments: 'transient', onTransactionSet: validator.onTransactionSet });
    const [ic] = parsed.interchanges;
    const verdicts = ic.groups[0].transactions.map((t) => ({ transaction: t, validation: validator.results.get(t), diagnostics: t.diagnostics }));
    const doc = buildFunctionalAck(ic, ic.groups[0], verdicts, [], { type: '999', interchangeControl: 3, at: AT }) as InterchangeDocument;
    const ack = generateX12(doc, { lineBreak: '\n' });
    expect(ack).toContain('IK3*W06*2**8~\nCTX*W0602:ORD-1001~\nIK4*1*514*7*X~');
    const [fg] = readAcknowledgments(expectCleanAck(ack)).functionalGroups;
    expect(fg.transactions[0].segments).toEqual([{ tag: 'W06', position: 2, code: '8', context: ['W0602'], elements: [{ position: 1, ref: '514', code: '7', value: 'X' }] }]);
  });
});

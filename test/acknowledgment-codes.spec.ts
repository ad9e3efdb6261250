import { baseCatalog, DocumentValidator, GuideFile } from '@tradewire/specs';
import { buildFunctionalAck, generateX12, InterchangeDocument, parseX12, SegmentData } from '@tradewire/x12';

/**
 * One inbound 846 (005010) per kind of finding, and the exact AK3/AK4 (997) and IK3/IK4 (999)
 * segments we answer with. Positions count from ST = 1: BIA 2, LIN 3, QTY 4, CTT 5 in the base.
 */
const BASE: SegmentData[] = [['BIA', '00', 'SI', 'SNAP1', '20261130'], ['LIN', '', 'UP', '012345678905'], ['QTY', '33', '10', 'EA'], ['CTT', '1', '10']];

/** A guide that allows two LIN loops, so that a third one is over the maximum. */
const TWO_ITEMS: GuideFile = { id: 'two-items', name: 'two items at most', base: { set: '846', version: '005010' }, loops: { LIN: { repeat: 2 } } };

function notes(body: SegmentData[], type: '997' | '999', guide?: GuideFile): string[] {
  const inbound = generateX12({
    senderQualifier: 'ZZ', sender: '3PL', receiverQualifier: 'ZZ', receiver: 'US', date: '261130', time: '0930', version: '00501', control: 1, usage: 'T',
    groups: [{ functionalId: 'IB', sender: '3PL', receiver: 'US', date: '20261130', time: '0930', control: 7, version: '005010', transactions: [{ set: '846', control: '0001', segments: body }] }],
  });
  const validator = new DocumentValidator(baseCatalog(), () => guide);
  const parsed = parseX12(inbound, { keepSegments: 'transient', onTransactionSet: validator.onTransactionSet });
  expect(parsed.diagnostics).toEqual([]);
  const [ic] = parsed.interchanges;
  const [group] = ic.groups;
  const verdicts = group.transactions.map((t) => ({ transaction: t, validation: validator.results.get(t), diagnostics: t.diagnostics }));
  const ack = buildFunctionalAck(ic, group, verdicts, group.diagnostics, { type, interchangeControl: 1, at: new Date('2026-11-30T10:00:00Z') }) as InterchangeDocument;
  return generateX12(ack, { lineBreak: '\n' }).split('\n').filter((l) => /^(AK3|AK4|IK3|IK4|AK5|IK5)\*/.test(l)).map((l) => l.replace(/~$/, ''));
}

const CASES: Array<[string, SegmentData[], string[]]> = [
  ['mandatory segment missing (3)', BASE.slice(1), ['AK3*BIA*2**3']],
  ['segment over its maximum use (5)', [BASE[0], BASE[0], ...BASE.slice(1)], ['AK3*BIA*3**5']],
  ['segment not in the set (6)', [BASE[0], ['W06', 'F', 'ORD1'], ...BASE.slice(1)], ['AK3*W06*3**6']],
  ['segment out of sequence (7)', [BASE[1], BASE[2], BASE[0], BASE[3]], ['AK3*BIA*2**3', 'AK3*BIA*4*QTY*7']],
  ['mandatory element missing (1)', [['BIA', '', 'SI', 'SNAP1', '20261130'], ...BASE.slice(1)], ['AK3*BIA*2**8', 'AK4*1*353*1']],
  ['conditional element missing (2)', [BASE[0], BASE[1], BASE[2], ['N1', 'ST'], BASE[3]], ['AK3*N1*5*N1*8', 'AK4*2*93*2']],
  ['too many elements (3)', [...BASE.slice(0, 3), ['CTT', '1', '10', '', '', '', '', '', 'X']], ['AK3*CTT*5**8', 'AK4*8**3*X']],
  ['element too long (5)', [['BIA', '000', 'SI', 'SNAP1', '20261130'], ...BASE.slice(1)], ['AK3*BIA*2**8', 'AK4*1*353*5*000']],
  ['invalid character (6)', [BASE[0], BASE[1], ['QTY', '33', 'TEN', 'EA'], BASE[3]], ['AK3*QTY*4*QTY*8', 'AK4*2*380*6*TEN']],
  ['invalid code (7)', [['BIA', 'QQ', 'SI', 'SNAP1', '20261130'], ...BASE.slice(1)], ['AK3*BIA*2**8', 'AK4*1*353*7*QQ']],
  ['invalid date (8)', [['BIA', '00', 'SI', 'SNAP1', '20261331'], ...BASE.slice(1)], ['AK3*BIA*2**8', 'AK4*4*373*8*20261331']],
  ['invalid time (9)', [BASE[0], ['DTM', '405', '20261130', '2500'], ...BASE.slice(1)], ['AK3*DTM*3**8', 'AK4*3*337*9*2500']],
  ['exclusion violated (10)', [BASE[0], BASE[1], ['QTY', '33', '10', 'EA', 'X'], BASE[3]], ['AK3*QTY*4*QTY*8', 'AK4*4*61*10*X']],
  ['mandatory component missing (1), located by component', [BASE[0], BASE[1], ['QTY', '33', '10', ['', '1']], BASE[3]], ['AK3*QTY*4*QTY*8', 'AK4*3:1*355*1']],
  ['wrong control total (7 on CTT01)', [...BASE.slice(0, 3), ['CTT', '2', '10']], ['AK3*CTT*5**8', 'AK4*1*354*7*2']],
];

describe('acknowledgment segments for each kind of finding', () => {
  it.each(CASES)('%s', (_name, body, expected) => {
    const ak = notes(body, '997');
    expect(ak.filter((l) => !l.startsWith('AK5'))).toEqual(expected);
    expect(ak[ak.length - 1]).toBe('AK5*R*5');
    const ik = notes(body, '999');
    expect(ik.filter((l) => !l.startsWith('IK5'))).toEqual(expected.map((l) => l.replace(/^AK3/, 'IK3').replace(/^AK4/, 'IK4')));
    expect(ik[ik.length - 1]).toBe('IK5*R*5');
  });

  it('loop over its maximum repeat (4), with a guide that allows two LIN loops', () => {
    const body: SegmentData[] = [BASE[0], BASE[1], BASE[1], BASE[1], ['CTT', '3']];
    expect(notes(body, '997', TWO_ITEMS)).toEqual(['AK3*LIN*5*LIN*4', 'AK5*R*5']);
    expect(notes(body, '999', TWO_ITEMS)).toEqual(['IK3*LIN*5*LIN*4', 'IK5*R*5']);
  });

  it('accepts the base document', () => {
    expect(notes(BASE, '997')).toEqual(['AK5*A']);
    expect(notes(BASE, '999')).toEqual(['IK5*A']);
  });
});

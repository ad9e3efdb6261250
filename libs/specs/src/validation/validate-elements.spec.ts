import { parseX12 } from '@tradewire/x12';
import { compileSpec } from '../catalog/compile-spec';
import { TransactionSetFile, VersionDictionary } from '../model/spec';
import { validateTransaction } from './validate-transaction';

/** A made-up dictionary that exercises every element rule: types, lengths, codes, composites, repeats, syntax notes. */
const DICTIONARY: VersionDictionary = {
  version: '005010',
  elements: {
    '143': { name: 'Transaction Set Identifier Code', type: 'ID', min: 3, max: 3 },
    '329': { name: 'Transaction Set Control Number', type: 'AN', min: 4, max: 9 },
    '96': { name: 'Number of Included Segments', type: 'N0', min: 1, max: 10 },
    '1': { name: 'Code', type: 'ID', min: 2, max: 2, codes: ['AA', 'BB'] },
    '2': { name: 'Text', type: 'AN', min: 2, max: 5 },
    '3': { name: 'Date', type: 'DT', min: 8, max: 8 },
    '4': { name: 'Time', type: 'TM', min: 4, max: 8 },
    '5': { name: 'Amount', type: 'N2', min: 1, max: 6 },
    '6': { name: 'Quantity', type: 'R', min: 1, max: 5 },
  },
  composites: { C001: { name: 'Pair', components: [{ ref: '1', usage: 'M' }, { ref: '2', usage: 'O' }], syntax: ['P0102'] } },
  segments: {
    ST: { name: 'Header', elements: [{ ref: '143', usage: 'M' }, { ref: '329', usage: 'M' }] },
    SE: { name: 'Trailer', elements: [{ ref: '96', usage: 'M' }, { ref: '329', usage: 'M' }] },
    TST: {
      name: 'Test',
      elements: [
        { ref: '1', usage: 'M' }, { ref: '2', usage: 'O' }, { ref: '3', usage: 'O' }, { ref: '4', usage: 'O' },
        { ref: '5', usage: 'O' }, { ref: '6', usage: 'O' }, { composite: 'C001', usage: 'O', repeat: 2 },
      ],
    },
    SYN: {
      name: 'Syntax',
      elements: [{ ref: '2', usage: 'O' }, { ref: '2', usage: 'O' }, { ref: '2', usage: 'O' }, { ref: '2', usage: 'O' }, { ref: '2', usage: 'O' }, { ref: '2', usage: 'O' }],
      syntax: ['P0102', 'R0304', 'E0506'],
    },
    CND: { name: 'Conditional', elements: [{ ref: '2', usage: 'O' }, { ref: '2', usage: 'O' }, { ref: '2', usage: 'O' }], syntax: ['C0102', 'L010203'] },
  },
};

const SET: TransactionSetFile = {
  set: '901', version: '005010', name: 'Test set', functionalGroup: 'ZZ',
  structure: [
    { segment: 'ST', usage: 'M', max: 1 },
    { segment: 'TST', usage: 'O', max: 9 },
    { segment: 'SYN', usage: 'O', max: 9 },
    { segment: 'CND', usage: 'O', max: 9 },
    { segment: 'SE', usage: 'M', max: 1 },
  ],
};

const SPEC = compileSpec(DICTIONARY, SET);

/** AK4-style summary of the element findings of a one-segment transaction set. */
function elementErrors(segment: string): string[] {
  const text = `ST*901*0001~${segment}~SE*3*0001~`.replace(/~/g, '~\n');
  const bare = parseX12(`ISA*00*          *00*          *ZZ*A              *ZZ*B              *261130*0930*^*00501*000000001*0*P*:~\nGS*ZZ*A*B*20261130*0930*1*X*005010~\n${text}GE*1*1~\nIEA*1*000000001~\n`, { keepSegments: true });
  expect(bare.diagnostics).toEqual([]);
  const v = validateTransaction(bare.interchanges[0].groups[0].transactions[0], SPEC);
  return v.segments.flatMap((s) => s.elements.map((e) => `${e.position}${e.component ? `-${e.component}` : ''}${e.repetition ? `.${e.repetition}` : ''}:${e.code}`));
}

describe('validateElements', () => {
  it.each([
    ['a clean segment', 'TST*AA*TEXT*20261130*0930*1234*-1.5*AA:BB^BB:CC', []],
    ['mandatory element missing (1)', 'TST**TEXT', ['1:1']],
    ['too many elements (3)', 'TST*AA*******X', ['8:3']],
    ['too short (4)', 'TST*AA*T', ['2:4']],
    ['too long (5)', 'TST*AA*TEXTTEXT', ['2:5']],
    ['control character (6)', 'TST*AA*T\tX', ['2:6']],
    ['not a number for Nn (6)', 'TST*AA****12.5', ['5:6']],
    ['not a decimal for R (6)', 'TST*AA*****1,5', ['6:6']],
    ['R length counts digits, not sign or point', 'TST*AA*****-12.345', []],
    ['R too long', 'TST*AA*****123456', ['6:5']],
    ['invalid code (7)', 'TST*ZZ', ['1:7']],
    ['invalid date (8)', 'TST*AA**20260230', ['3:8']],
    ['invalid time (9)', 'TST*AA***2460', ['4:9']],
    ['too many repetitions (12)', 'TST*AA******AA:X1^BB:X2^AA:X3', ['7:12']],
    ['too many components (13), named by repetition', 'TST*AA******AA:BB:CC', ['7.1:13']],
    ['mandatory component missing (1), reported once', 'TST*AA******:BB', ['7-1.1:1']],
    ['paired components (2)', 'TST*AA******AA', ['7-2.1:2']],
    ['component errors name their repetition', 'TST*AA******AA:B1^ZZ:B2', ['7-1.2:7']],
    ['paired P0102 (2)', 'SYN*AB**CD', ['2:2']],
    ['required R0304 (2)', 'SYN', ['3:2']],
    ['exclusion E0506 (10)', 'SYN***AB**CD*EF', ['6:10']],
    ['conditional C0102 (2) and list conditional L010203 (2)', 'CND*AB', ['2:2', '2:2']],
    ['list conditional satisfied by a later element', 'CND*AB*CD', []],
  ])('%s', (_name, segment, expected) => {
    expect(elementErrors(segment)).toEqual(expected);
  });
});

import { parseX12 } from '../parser/x12-parser';
import { InterchangeDocument } from './document';
import { GenerateError, generateX12 } from './generate';
import { documentsFromParse } from './to-document';

const DOC: InterchangeDocument = {
  senderQualifier: 'ZZ',
  sender: 'DISTRIBUTOR',
  receiverQualifier: '01',
  receiver: '123456789',
  date: '261130',
  time: '0930',
  version: '00501',
  control: 42,
  usage: 'T',
  ackRequested: true,
  groups: [
    {
      functionalId: 'OW',
      sender: 'DISTRIBUTOR',
      receiver: '3PLWH',
      date: '20261130',
      time: '093000',
      control: 7,
      version: '005010',
      transactions: [
        {
          set: '940',
          control: '0001',
          segments: [
            ['W05', 'N', 'ORD-1001', 'PO-77'],
            ['N1', 'ST', 'ACME RETAIL', '92', 'DC-04'],
            ['LX', '1'],
            ['W01', '12', 'EA', '', 'VN', 'SKU-1', '', '', ''],
            ['N9', 'ZZ', '', '', '', '', ['1Z', 'A', 'B']],
            ['W76', '12'],
          ],
        },
      ],
    },
  ],
};

const EXPECTED = [
  'ISA*00*          *00*          *ZZ*DISTRIBUTOR    *01*123456789      *261130*0930*^*00501*000000042*1*T*:~',
  'GS*OW*DISTRIBUTOR*3PLWH*20261130*093000*7*X*005010~',
  'ST*940*0001~',
  'W05*N*ORD-1001*PO-77~',
  'N1*ST*ACME RETAIL*92*DC-04~',
  'LX*1~',
  'W01*12*EA**VN*SKU-1~',
  'N9*ZZ*****1Z:A:B~',
  'W76*12~',
  'SE*8*0001~',
  'GE*1*7~',
  'IEA*1*000000042~',
  '',
].join('\n');

describe('generateX12', () => {
  it('writes a deterministic interchange with padded ISA fields and computed counts', () => {
    expect(generateX12(DOC, { lineBreak: '\n' })).toBe(EXPECTED);
  });

  it('writes what it parses back to the same document', () => {
    const text = generateX12(DOC);
    const parsed = parseX12(text, { keepSegments: true });
    expect(parsed.diagnostics).toEqual([]);
    expect(generateX12(documentsFromParse(parsed))).toBe(text);
  });

  it('uses the delimiters it is given', () => {
    const text = generateX12(DOC, { delimiters: { element: '|', component: '>', repetition: '!', segment: '\n' } });
    expect(text.split('\n')[7]).toBe('N9|ZZ|||||1Z>A>B');
    expect(parseX12(text).diagnostics).toEqual([]);
  });

  it('joins repetitions with ISA11 from version 00402 on', () => {
    const doc = { ...DOC, groups: [{ ...DOC.groups[0], transactions: [{ set: '940', control: '0001', segments: [['N9', 'ZZ', [['A', '1'], ['B', '2']]] as const] }] }] };
    expect(generateX12(doc)).toContain('N9*ZZ*A:1^B:2~');
    expect(() => generateX12({ ...doc, version: '00401' })).toThrow(expect.objectContaining({ code: 'REPETITION_UNSUPPORTED' }));
  });

  it('refuses a delimiter inside data and says where', () => {
    const doc = { ...DOC, groups: [{ ...DOC.groups[0], transactions: [{ set: '940', control: '0001', segments: [['N1', 'ST', 'A*B']] as const }] }] };
    let error: unknown;
    try {
      generateX12(doc);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GenerateError);
    expect(error).toMatchObject({ code: 'DELIMITER_IN_DATA', path: 'interchanges[0].groups[0].transactions[0].segments[0] N102' });
  });

  it('replaces delimiters in data when a replacement character is configured', () => {
    const doc = { ...DOC, groups: [{ ...DOC.groups[0], transactions: [{ set: '940', control: '0001', segments: [['N1', 'ST', 'A*B~C\nD']] as const }] }] };
    expect(generateX12(doc, { replacement: ' ' })).toContain('N1*ST*A B C D~');
  });

  it('refuses an ISA ID longer than 15 characters and an invalid control number', () => {
    expect(() => generateX12({ ...DOC, sender: 'X'.repeat(16) })).toThrow(expect.objectContaining({ code: 'FIELD_TOO_LONG', path: 'interchanges[0].sender' }));
    expect(() => generateX12({ ...DOC, control: '1234567890' })).toThrow(expect.objectContaining({ code: 'FIELD_INVALID' }));
  });

  it('refuses colliding or alphanumeric delimiters', () => {
    expect(() => generateX12(DOC, { delimiters: { element: '*', component: '*', repetition: '^', segment: '~' } })).toThrow(expect.objectContaining({ code: 'DELIMITER_INVALID' }));
    expect(() => generateX12(DOC, { delimiters: { element: 'A', component: ':', repetition: '^', segment: '~' } })).toThrow(expect.objectContaining({ code: 'DELIMITER_INVALID' }));
  });
});

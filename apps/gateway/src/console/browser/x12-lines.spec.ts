import { delimitersOf, failingSegments, splitSegments } from './x12-lines';

const FILE = [
  'ISA*00*          *00*          *ZZ*ACME3PL        *ZZ*TRADEWIREDIST  *261130*0600*U*00401*000000701*0*P*>',
  'GS*IB*ACME3PL*TRADEWIREDIST*20261130*0600*701*X*004010', 'ST*846*0001', 'BIA*00*SI*SNAP-7*20261130*0600', 'N1*WH*ACME DALLAS*92*DAL1',
  'LIN*1*VN*ACME-GW-300', 'QTY*17*64*EA', 'CTT*1*64', 'SE*7*0001', 'GE*1*701', 'IEA*1*000000701',
].join('~\n') + '~\n';

describe('console X12 lines', () => {
  it('finds the element separator and the terminator after ISA16, even with another terminator', () => {
    expect(delimitersOf(FILE)).toEqual({ element: '*', segment: '~' });
    expect(delimitersOf(FILE.replace(/~/g, '\n').replace(/\*/g, '|'))).toEqual({ element: '|', segment: '\n' });
    expect(delimitersOf('not x12')).toBeNull();
  });

  it('splits one segment per line, without terminators or the line breaks after them', () => {
    const segments = splitSegments(FILE);
    expect(segments).toHaveLength(11);
    expect(segments[5]).toEqual({ index: 5, tag: 'LIN', text: 'LIN*1*VN*ACME-GW-300' });
  });

  it.each([
    ['a document error diagnostic by its segment index', [{ code: 'SE_COUNT_MISMATCH', severity: 'error', segmentIndex: 8 }], [], 8],
    ['a held set’s mapping finding by its position in the set (ST = 1)', [], [{ position: 1, status: 'held', findings: [{ code: 'UNKNOWN_ITEM', position: 4 }] }], 5],
    ['a rejected set’s validation finding by its segment index', [], [{ position: 1, status: 'rejected', findings: [{ code: 'ELEMENT_INVALID_CODE', severity: 'error', segmentIndex: 6, position: 5 }] }], 6],
  ])('marks %s', (_name, diagnostics, sets, index) => {
    expect([...failingSegments(splitSegments(FILE), diagnostics, sets).keys()]).toEqual([index]);
  });

  it('marks nothing for warnings, or for the old findings of a set applied since', () => {
    const marks = failingSegments(splitSegments(FILE), [{ code: 'ISA_LENGTH', severity: 'warning', segmentIndex: 0 }], [{ position: 1, status: 'applied', findings: [{ code: 'UNKNOWN_ITEM', position: 4 }] }]);
    expect(marks.size).toBe(0);
  });
});

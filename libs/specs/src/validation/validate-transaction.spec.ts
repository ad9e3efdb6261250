import { parseX12 } from '@tradewire/x12';
import { baseCatalog } from '../catalog/base-catalog';
import { compileSpec, SpecError } from '../catalog/compile-spec';
import { TRANSACTION_SET_FILES } from '../catalog/spec-files';
import { GuideFile } from '../model/guide';
import { validateTransaction } from './validate-transaction';

function transaction(body: string[]) {
  const segments = ['ST*997*0001', ...body, `SE*${body.length + 2}*0001`];
  const text = [
    'ISA*00*          *00*          *ZZ*A              *ZZ*B              *261130*0930*U*00401*000000001*0*P*>',
    'GS*FA*A*B*20261130*0930*1*X*004010',
    ...segments,
    'GE*1*1',
    'IEA*1*000000001',
  ].join('~\n') + '~\n';
  const parsed = parseX12(text, { keepSegments: true });
  expect(parsed.diagnostics).toEqual([]);
  return parsed.interchanges[0].groups[0].transactions[0];
}

/** AK3-style summary: tag:position:loop:code, then AK4-style element findings. */
function findings(body: string[], guide?: GuideFile): string[] {
  const spec = baseCatalog().spec('997', '004010', guide);
  return validateTransaction(transaction(body), spec).segments.map(
    (s) => `${s.tag}:${s.position}:${s.loop ?? ''}:${s.code ?? ''}` + s.elements.map((e) => ` ${e.position}/${e.ref}/${e.code}`).join(''),
  );
}

const GOOD = ['AK1*IB*101', 'AK2*846*0001', 'AK3*LIN*4*LIN*8', 'AK4*2*235*7*ZZ', 'AK4*3>1*355*1', 'AK5*R*5', 'AK2*846*0002', 'AK5*A', 'AK9*P*2*2*1'];

describe('validateTransaction (997 004010)', () => {
  it('finds nothing wrong in a valid 997 with loops', () => {
    expect(findings(GOOD)).toEqual([]);
  });

  it.each([
    ['a mandatory segment missing (3)', ['AK1*IB*101', 'AK2*846*0001', 'AK5*A'], ['AK9:5::3']],
    ['a mandatory segment missing inside a loop (3)', ['AK1*IB*101', 'AK2*846*0001', 'AK9*A*1*1*1'], ['AK5:4:AK2:3']],
    ['a segment over its maximum use (5)', ['AK1*IB*101', 'AK1*IB*102', 'AK9*A*0*0*0'], ['AK1:3::5']],
    ['a segment not in the set (6)', ['AK1*IB*101', 'BIA*00*SI', 'AK9*A*0*0*0'], ['BIA:3::6']],
    ['a segment out of sequence (7), and the mandatory one it should have been (3)', ['AK2*846*0001', 'AK5*A', 'AK1*IB*101', 'AK9*A*1*1*1'], ['AK1:2::3', 'AK1:4:AK2:7']],
    ['nothing when a loop starts again right after its first segment', ['AK1*IB*101', 'AK2*846*0001', 'AK2*846*0002', 'AK5*A', 'AK9*A*1*1*1'], ['AK5:4:AK2:3']],
    ['element errors inside a loop (segment code left to the ack: 8)', ['AK1*IB*101', 'AK2*846*0001', 'AK3*LIN*X', 'AK5*A*99', 'AK9*A*1*1*1'], ['AK3:4:AK3: 2/719/6', 'AK5:5:AK2: 2/718/7']],
  ])('reports %s', (_name, body, expected) => {
    expect(findings(body)).toEqual(expected);
  });

  it('applies a partner guide: narrower codes, fewer loop repeats, optional made mandatory', () => {
    const guide: GuideFile = {
      id: 'acme-997', name: 'ACME 997', base: { set: '997', version: '004010' },
      loops: { AK2: { repeat: 1, usage: 'M' } },
      elements: { AK101: { codes: ['SH', 'IB'] }, AK304: { usage: 'M' } },
    };
    expect(findings(GOOD, guide)).toEqual(['AK2:8:AK2:4']);
    expect(findings(['AK1*PO*1', 'AK9*A*0*0*0'], guide)).toEqual(['AK1:2:: 1/479/7', 'AK2:3::3']);
  });

  it('refuses a guide that widens the standard', () => {
    const guide: GuideFile = { id: 'wide', name: 'too wide', base: { set: '997', version: '004010' }, segments: { AK1: { max: 5 } }, elements: { AK101: { codes: ['QQ'] }, AK501: { usage: 'O' } } };
    expect.assertions(2);
    try {
      baseCatalog().spec('997', '004010', guide);
    } catch (e) {
      expect(e).toBeInstanceOf(SpecError);
      expect((e as SpecError).problems).toEqual([
        'guide wide: AK101 adds codes the standard does not have: QQ',
        'guide wide: segment AK1 cannot raise 1 to 5',
        'guide wide: AK501 cannot go from M to O',
      ]);
    }
  });

  it('refuses a set that uses segments its dictionary does not define', () => {
    const base = TRANSACTION_SET_FILES.find((f) => f.set === '997' && f.version === '004010');
    expect(() => compileSpec({ version: '004010', elements: {}, composites: {}, segments: {} }, base!)).toThrow(/segment ST is not in the 004010 dictionary/);
  });
});

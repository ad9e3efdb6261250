import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { PARSERS, PLAIN_PARSERS } from '../../bench/parse-runners';

/** An interchange of short segments, repeated past several 64 KiB chunks so that segments straddle chunk ends. */
function sampleFile(dir: string): { file: string; segments: number; checksum: number } {
  const segments = [
    'ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *250301*1200*U*00401*000000001*0*P*:',
    'GS*SW*SENDER*RECEIVER*20250301*1200*1*X*004010', 'ST*945*0001', 'W06*F*DO1*20250301*SH1**PO1', 'LX*1',
    'W12*CC*17*17*0*EA*911059969802*VN*SKU460637', 'N1*ST*STORE 77*9*501653927', 'SE*6*0001', 'GE*1*1', 'IEA*1*000000001',
  ];
  const copies = 2_000;
  const file = join(dir, 'plain.x12');
  writeFileSync(file, Array.from({ length: copies }, () => segments.map((s) => `${s}~\n`).join('')).join(''), 'latin1');
  // Per element: its length plus one; what every plain tokenizer adds to its checksum.
  const perCopy = segments.reduce((sum, s) => sum + s.split('*').reduce((n, e) => n + e.length + 1, 0), 0);
  return { file, segments: copies * segments.length, checksum: copies * perCopy };
}

describe('plain tokenizers of the parse benchmark', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'tw-plain-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(PLAIN_PARSERS)('%s reads every segment and element of a file of many chunks', async (name) => {
    const { file, segments, checksum } = sampleFile(dir);
    const run = PARSERS[name]();

    await expect(run(file)).resolves.toEqual({ segments, checksum });
  });
});

import { execFileSync, spawnSync } from 'child_process';
import { existsSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { buildProgram } from './main';

const ROOT = join(__dirname, '..', '..', '..');
const SAMPLES = join(ROOT, 'test', 'fixtures', 'samples');
const FIXTURES = join(ROOT, 'libs', 'x12', 'fixtures', 'diagnostics');

async function edi(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await buildProgram((t) => (out += t), (t) => (err += t)).run(argv);
  return { code, out, err };
}

describe('edi parse / validate', () => {
  it('prints the stable JSON shape and exits 0 for a file without errors', async () => {
    const file = join(SAMPLES, '846', 'x12types-846-005010-minimal.edi');
    const { code, out } = await edi('parse', file, '--json');
    expect(code).toBe(0);
    expect(out.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(out)).toEqual({
      file,
      bytes: 290,
      delimiters: { element: '*', component: '>', repetition: null, segment: '~' },
      interchanges: [
        {
          control: '000000001', senderQualifier: 'ZZ', sender: 'SENDER', receiverQualifier: 'ZZ', receiver: 'RECEIVER',
          version: '00501', usage: 'P', date: '200101', time: '1200',
          groups: [{ functionalId: 'IB', control: '1', version: '005010', sender: 'SENDER', receiver: 'RECEIVER', transactions: [{ set: '846', control: '0001', segmentCount: 7 }] }],
        },
      ],
      fragments: [],
      diagnostics: [
        {
          code: 'ISA11_INVALID', severity: 'warning', segment: 'ISA', segmentIndex: 0, offset: 0, line: 1, element: 11,
          message: 'ISA11 "U" is not a repetition separator (version 00501); elements are read without repetitions',
        },
      ],
    });
  });

  it('exits 1 and locates each diagnostic when the document has errors', async () => {
    const file = join(SAMPLES, '945', 'x12types-945-005010.edi');
    const { code, out } = await edi('parse', file, '--json');
    expect(code).toBe(1);
    expect(JSON.parse(out).diagnostics.slice(1)).toEqual([
      {
        code: 'SE_SEGMENT_COUNT_MISMATCH', severity: 'error', segment: 'SE', segmentIndex: 17, offset: 501, line: 18, element: 1,
        message: 'SE01 says 12 segments; transaction set 945 000006123 has 16 from ST to SE',
      },
    ]);
  });

  it('validates transaction sets against their specs, with the acknowledgment codes beside each finding', async () => {
    const file = join(SAMPLES, '945', 'x12types-945-005010.edi');
    const { code, out } = await edi('validate', file, '--json');
    expect(code).toBe(1);
    const found = JSON.parse(out).diagnostics.map((d: Record<string, unknown>) => [d.code, d.line, d.segment, d.position, d.element, d.ackCode, d.value]);
    expect(found).toEqual([
      ['ISA11_INVALID', 1, 'ISA', undefined, 11, undefined, undefined],
      ['ELEMENT_CONDITIONAL_REQUIRED_MISSING', 8, 'N1', 6, 2, '2', undefined],
      ['ELEMENT_CONDITIONAL_REQUIRED_MISSING', 8, 'N1', 6, 3, '2', undefined],
      ['ELEMENT_TOO_SHORT', 12, 'W10', 10, 1, '4', '1'],
      ['SE_SEGMENT_COUNT_MISMATCH', 18, 'SE', undefined, 1, undefined, undefined],
    ]);
  });

  it('prints a tree and file:line: code: message without --json', async () => {
    const file = join(FIXTURES, 'GE_CONTROL_MISMATCH.edi');
    const { code, out } = await edi('parse', file);
    expect(code).toBe(1);
    expect(out).toContain('  interchange 000000101 ZZ/WAREHOUSE3PL -> ZZ/DISTRIBUTOR version 00401 production');
    expect(out).toContain('      846 0001: 6 segments');
    expect(out).toContain(`${file}:9: GE_CONTROL_MISMATCH: GE02 "102" differs from GS06 "101" [error]`);
  });

  it('exits 1 for an empty file: it holds no interchange', async () => {
    const empty = join(FIXTURES, 'NO_INTERCHANGE.edi');
    const run = await edi('validate', empty, '--json');
    expect(run.code).toBe(1);
    expect(JSON.parse(run.out)).toMatchObject({ bytes: 0, interchanges: [], diagnostics: [{ code: 'NO_INTERCHANGE', severity: 'error', offset: 0, line: 1 }] });
  });

  it('exits 0 for warnings only', async () => {
    expect((await edi('parse', join(SAMPLES, 'other', 'staedi-210-wrapped-80-columns.edi'))).code).toBe(0);
  });

  it('exits 2 for an unreadable file, a directory, or a usage error', async () => {
    const missing = await edi('parse', join(ROOT, 'no-such-file.edi'));
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('ENOENT');
    expect((await edi('parse', ROOT)).code).toBe(2);
    expect((await edi('frobnicate')).code).toBe(2);
    expect((await edi('parse')).code).toBe(2);
  });
});

describe('edi ack and edi profile', () => {
  const PROFILE = join(ROOT, 'partner-profiles', 'acme-3pl.yaml');
  const INBOUND_945 = [
    'ISA*00*          *00*          *ZZ*ACME3PL        *ZZ*TRADEWIREDIST  *261130*0930*U*00401*000000301*1*P*>',
    'GS*SW*ACME3PL*TRADEWIREDIST*20261130*0930*301*X*004010',
    'ST*945*0001', 'W06*X*ORD-1001*20261130*BOL77', 'N1*ST*STORE 4*92*S4', 'LX*1', 'W12*CC*12*10*2*EA**VN*SKU-1', 'W03*10', 'SE*7*0001',
    'GE*1*301', 'IEA*1*000000301',
  ].join('~\n') + '~\n';

  it('answers as the profile says: TA1 when asked for, a 997 checked against the guide it names, our IDs and delimiters', async () => {
    const file = join(tmpdir(), `edi-cli-945-${process.pid}.edi`);
    writeFileSync(file, INBOUND_945);
    const { code, out } = await edi('ack', file, '--profile', PROFILE, '--date', '2026-11-30T10:00:00Z', '--control', '41');
    expect(code).toBe(0);
    expect(out.split('\n')).toEqual([
      'ISA*00*          *00*          *ZZ*TRADEWIREDIST  *ZZ*ACME3PL        *261130*1000*U*00401*000000041*0*P*>~',
      'TA1*000000301*261130*0930*A*000~',
      'IEA*0*000000041~',
      'ISA*00*          *00*          *ZZ*TRADEWIREDIST  *ZZ*ACME3PL        *261130*1000*U*00401*000000042*0*P*>~',
      'GS*FA*TRADEWIREDIST*ACME3PL*20261130*1000*42*X*004010~',
      'ST*997*0001~', 'AK1*SW*301~', 'AK2*945*0001~', 'AK3*W06*2**8~', 'AK4*1*514*7*X~', 'AK5*R*5~', 'AK9*R*1*1*0~', 'SE*8*0001~',
      'GE*1*42~', 'IEA*1*000000042~', '',
    ]);
  });

  it('checks profiles and lists every problem as file: path: message', async () => {
    const ok = await edi('profile', 'check', PROFILE);
    expect(ok).toMatchObject({ code: 0, out: '1 profile(s) checked, 0 problem(s)\n' });
    const bad = join(tmpdir(), `edi-cli-bad-${process.pid}.yaml`);
    writeFileSync(bad, readFileSync(PROFILE, 'utf8').replace('credential: env:SFTP_ACME_3PL_KEY', 'credential: s3cret'));
    const result = await edi('profile', 'check', PROFILE, bad);
    expect(result.code).toBe(1);
    expect(result.out).toBe(`${bad}: transports.sftp.credential: a secret reference: env:VARIABLE_NAME or file:/absolute/path (never the secret itself)\n2 profile(s) checked, 1 problem(s)\n`);
  });
});

describe('the installed edi command', () => {
  beforeAll(() => {
    if (!existsSync(join(ROOT, 'dist', 'apps', 'cli', 'main.js'))) execFileSync('node', ['scripts/build.js'], { cwd: ROOT });
  });

  it('reads standard input when FILE is "-" and sets the exit code', () => {
    const input = readFileSync(join(SAMPLES, 'malformed', 'imsweb-837-missing-iea.edi'));
    const run = spawnSync('node', [join(ROOT, 'bin', 'edi.js'), 'validate', '-', '--json'], { input });
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout.toString());
    expect(report.file).toBe('<stdin>');
    expect(report.bytes).toBe(input.length);
    expect(report.diagnostics.map((d: { code: string }) => d.code)).toEqual(['ISA11_INVALID', 'TRANSACTION_SET_NOT_SUPPORTED', 'SE_SEGMENT_COUNT_MISMATCH', 'UNEXPECTED_END_OF_FILE']);
  });
});

describe('edi translate and edi generate', () => {
  const ACME = join(ROOT, 'partner-profiles', 'acme-3pl.yaml');

  it('generates a 940 from a canonical order, and translating it back gives the same order', async () => {
    const input = join(ROOT, 'libs', 'mapping', 'fixtures', 'outbound', 'warehouse-order-acme.input.json');
    const generated = await edi('generate', '940', '--profile', ACME, '--input', input, '--control', '7', '--date', '2026-11-30T12:00:00Z');
    expect(generated.code).toBe(0);
    expect(generated.out).toContain('ST*940*0007~');
    const file = join(tmpdir(), `edi-cli-940-${process.pid}.edi`);
    writeFileSync(file, generated.out);
    expect((await edi('validate', file)).code).toBe(0);
    const translated = await edi('translate', file, '--profile', ACME, '--json');
    expect(translated.code).toBe(0);
    const [outcome] = JSON.parse(translated.out).outcomes;
    expect(outcome.event.payload).toEqual(JSON.parse(readFileSync(input, 'utf8')).payload);
  });

  it('lists every problem of an input it cannot write, and exits 1', async () => {
    const file = join(tmpdir(), `edi-cli-bad-order-${process.pid}.json`);
    writeFileSync(file, JSON.stringify({ type: 'WarehouseOrderReleased' }));
    const result = await edi('generate', '940', '--profile', ACME, '--input', file);
    expect(result.code).toBe(1);
    expect(result.err).toContain('edi: 940 cannot be generated:\n  version: Invalid input: expected 1');
  });

  it('holds an 846 whose item is not in the cross-reference, and says why', async () => {
    const file = join(tmpdir(), `edi-cli-846-${process.pid}.edi`);
    writeFileSync(file, [
      'ISA*00*          *00*          *ZZ*ACME3PL        *ZZ*TRADEWIREDIST  *261130*0600*U*00401*000000410*0*P*>',
      'GS*IB*ACME3PL*TRADEWIREDIST*20261130*0600*410*X*004010', 'ST*846*0001', 'BIA*00*SI*SNAP-1130*20261130*0600',
      'LIN*1*VN*ACME-BW-100', 'QTY*33*118*EA', 'LIN*2*VN*ACME-RW-200', 'QTY*33*4*CA', 'LIN*3*VN*NOT-OURS', 'QTY*33*7', 'CTT*3*129', 'SE*10*0001',
      'GE*1*410', 'IEA*1*000000410',
    ].join('~\n') + '~\n');
    const result = await edi('translate', file, '--profile', ACME, '--json');
    expect(result.code).toBe(1);
    const [outcome] = JSON.parse(result.out).outcomes;
    expect(outcome.event.payload.lines.map((l: { sku?: string; quantities: object }) => [l.sku, l.quantities])).toEqual([
      ['WIDGET-BLUE', { available: '118' }], ['WIDGET-RED', { available: '48' }], [undefined, { available: '7' }],
    ]);
    expect(outcome.event.findings.map((f: { code: string }) => f.code)).toEqual(['UNKNOWN_ITEM']);
  });
});

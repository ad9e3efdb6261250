import Ajv from 'ajv';
import { readdirSync, readFileSync } from 'fs';
import { join, relative } from 'path';
import { baseCatalog, DICTIONARY_FILES, exampleTransactionSet, TRANSACTION_SET_FILES, validateTransaction } from '@tradewire/specs';
import { generateX12, parseX12 } from '@tradewire/x12';

const ROOT = join(__dirname, '..', 'edi-specs');

function jsonFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? jsonFiles(join(dir, e.name)) : e.name.endsWith('.json') ? [join(dir, e.name)] : []));
}

const files = jsonFiles(ROOT).filter((f) => !f.includes(`${join('edi-specs', 'schema')}`));
const ajv = new Ajv({ allErrors: true, strict: false });
const dictionarySchema = ajv.compile(JSON.parse(readFileSync(join(ROOT, 'schema', 'dictionary.schema.json'), 'utf8')));
const setSchema = ajv.compile(JSON.parse(readFileSync(join(ROOT, 'schema', 'transaction-set.schema.json'), 'utf8')));
const guideSchema = ajv.compile(JSON.parse(readFileSync(join(ROOT, 'schema', 'guide.schema.json'), 'utf8')));

const guides = files.filter((f) => relative(ROOT, f).startsWith('guides/'));

describe('edi-specs files', () => {
  it.each(guides.map((f) => relative(ROOT, f)))('guide %s narrows its base set without widening it', (file) => {
    const guide = JSON.parse(readFileSync(join(ROOT, file), 'utf8'));
    const spec = baseCatalog().spec(guide.base.set, guide.base.version, guide);
    expect(spec.id).toBe(guide.id);
  });

  it.each(files.map((f) => relative(ROOT, f)))('%s follows its JSON Schema', (file) => {
    const data = JSON.parse(readFileSync(join(ROOT, file), 'utf8'));
    const validate = file.includes('/dictionary/') ? dictionarySchema : file.startsWith('guides/') ? guideSchema : setSchema;
    const ok = validate(data);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('bundles every file on disk (spec-files.ts lists them all)', () => {
    const onDisk = files.filter((f) => f.includes('/dictionary/') || f.includes('/sets/')).length;
    expect(DICTIONARY_FILES.length + TRANSACTION_SET_FILES.length).toBe(onDisk);
  });
});

const SETS = baseCatalog().list().map((k) => k.split('/') as [string, string]);

describe.each(SETS)('spec %s %s', (set, version) => {
  const spec = baseCatalog().spec(set, version);

  it.each(['minimal', 'maximal'] as const)('a %s document validates clean', (shape) => {
    const tx = exampleTransactionSet(spec, shape);
    const gsVersion = set === '999' ? '005010X231A1' : version;
    const text = generateX12({
      senderQualifier: 'ZZ', sender: 'PARTNER', receiverQualifier: 'ZZ', receiver: 'DISTRIBUTOR', date: '261130', time: '0930',
      version: version.slice(0, 5), control: 1, usage: 'T',
      groups: [{ functionalId: spec.functionalGroup, sender: 'PARTNER', receiver: 'DISTRIBUTOR', date: '20261130', time: '0930', control: 1, version: gsVersion, transactions: [tx] }],
    });
    const parsed = parseX12(text, { keepSegments: true });
    expect(parsed.diagnostics).toEqual([]);
    const [t] = parsed.interchanges[0].groups[0].transactions;
    const findings = validateTransaction(t, spec).segments.map((s) => `${s.tag}@${s.position}: ${s.message} ${s.elements.map((e) => e.message).join('; ')}`);
    expect(findings).toEqual([]);
    if (shape === 'maximal') expect(t.segmentCount).toBeGreaterThan(exampleTransactionSet(spec, 'minimal').segments.length + 2);
  });
});

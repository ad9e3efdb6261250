import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { checkProfiles } from './check-profiles';
import { parseProfile } from './parse-profile';
import { profileJsonSchema } from './profile-json-schema';

const PROFILES = join(__dirname, '..', '..', '..', '..', 'partner-profiles');
const EXAMPLES = readdirSync(PROFILES).filter((f) => f.endsWith('.yaml'));

const MINIMAL = `
id: tiny
name: Tiny
roles: [supplier]
status: onboarding
interchange:
  ours: { qualifier: ZZ, id: US }
  theirs: { qualifier: ZZ, id: THEM }
transactionSets:
  - { set: '856', direction: inbound, version: '004010' }
acknowledgments: {}
controlNumbers:
  interchange: { start: 1, end: 999999999 }
  group: { start: 1, end: 999999999 }
  transaction: { start: 1, end: 9999 }
`;

describe('partner profiles', () => {
  it.each(EXAMPLES)('example %s is valid', (file) => {
    expect(parseProfile(readFileSync(join(PROFILES, file), 'utf8'), file).problems).toEqual([]);
  });

  it('fills defaults: delimiters, acknowledgment policy, duplicate policy', () => {
    const { profile } = parseProfile(MINIMAL, 'tiny.yaml');
    expect(profile?.interchange.delimiters).toEqual({ element: '*', component: ':', repetition: '^', segment: '~' });
    expect(profile?.acknowledgments).toEqual({ ta1: 'when-requested', functional: '997', includeAcceptedSets: true, expectWithinHours: 24, shipmentWithinHours: 72 });
    expect(profile?.duplicates).toEqual({ policy: 'reject', windowDays: 90 });
  });

  it('lists every problem with its path, and refuses secrets written into the profile', () => {
    const bad = MINIMAL.replace('id: tiny', 'id: Tiny_1')
      .replace('acknowledgments: {}', 'acknowledgments: { ta1: sometimes }')
      .replace('interchange: { start: 1, end: 999999999 }', 'interchange: { start: 9, end: 2 }')
      .concat(`transports:
  sftp:
    host: h
    username: u
    password: hunter2
    credential: hunter2
    hostKeyFingerprint: SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU
    directories: { inbound: /in, outbound: /out }
`);
    const { profile, problems } = parseProfile(bad, 'bad.yaml');
    expect(profile).toBeNull();
    expect(problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'id: lower-case letters, digits and dashes',
      'acknowledgments.ta1: Invalid option: expected one of "never"|"when-requested"|"always"',
      'controlNumbers.interchange: start must be below end',
      'transports.sftp.credential: a secret reference: env:VARIABLE_NAME or file:/absolute/path (never the secret itself)',
      'transports.sftp.password: Unrecognized key: "password"',
    ]);
  });

  it('reports YAML syntax errors with their line', () => {
    const { problems } = parseProfile('id: x\nname: [unclosed\n', 'broken.yaml');
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0].path).toMatch(/^\(line \d+, column \d+\)$/);
  });

  it('finds what only a look across profiles shows: duplicate ids and partner pairs, unknown guides and specs', () => {
    const a = parseProfile(MINIMAL, 'a.yaml').profile;
    const b = parseProfile(MINIMAL.replace("version: '004010' }", "version: '004010', guide: acme-945 }").replace("set: '856'", "set: '947'"), 'b.yaml').profile;
    if (a === null || b === null) throw new Error('fixtures must parse');
    const problems = checkProfiles([{ file: 'a.yaml', profile: a }, { file: 'b.yaml', profile: b }], {
      guides: new Map([['acme-945', { set: '945', version: '004010' }]]),
      hasSpec: (set) => set !== '947',
    });
    expect(problems.map((p) => `${p.file} ${p.path}: ${p.message}`)).toEqual([
      'b.yaml id: profile id tiny is also used by a.yaml',
      'b.yaml interchange.theirs: the ID pair ZZ/THEM → ZZ/US is also claimed by a.yaml',
      'b.yaml transactionSets.0: edi-specs/ has no spec for 947 version 004010',
      'b.yaml transactionSets.0.guide: guide acme-945 narrows 945 004010, not 947 004010',
    ]);
  });

  it('keeps the published JSON Schema in step with the schema in code (npm run profiles:schema)', () => {
    const published = JSON.parse(readFileSync(join(PROFILES, 'schema', 'partner-profile.schema.json'), 'utf8'));
    expect(published).toEqual(profileJsonSchema());
  });
});

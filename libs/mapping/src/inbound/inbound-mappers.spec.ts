import { CanonicalEvent, validateEvent } from '@tradewire/canonical';
import { parseProfile, PartnerProfile } from '@tradewire/partners';
import { parseX12 } from '@tradewire/x12';
import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { translateDocument } from '../translate';
import { DOCUMENT_MAPPERS } from './inbound-mappers';

const ROOT = join(__dirname, '..', '..', '..', '..');
const FIXTURES = join(__dirname, '..', '..', 'fixtures');
/** UPDATE_GOLDEN=1 rewrites the *.events.json files from what the mappers produce; review the diff before keeping it. */
const UPDATE = process.env.UPDATE_GOLDEN === '1';

function loadProfile(id: string): PartnerProfile {
  const file = join(ROOT, 'partner-profiles', `${id}.yaml`);
  const parsed = parseProfile(readFileSync(file, 'utf8'), file);
  if (parsed.profile === null) throw new Error(`${id}: ${parsed.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
  return parsed.profile;
}

/** Every event a file gives: its TA1s, then one per transaction set. A skipped set fails the test. */
function eventsOf(file: string, profile: PartnerProfile): CanonicalEvent[] {
  const result = parseX12(readFileSync(file), { keepSegments: true });
  const outcomes = translateDocument(result, profile);
  const skipped = outcomes.filter((o) => o.kind === 'skipped');
  expect(skipped).toEqual([]);
  return outcomes.flatMap((o) => (o.kind === 'event' ? [o.event] : []));
}

const CASES: ReadonlyArray<readonly [fixture: string, profile: string, behaviour: string]> = [
  ['846-acme-line-locations', 'acme-3pl', 'an N1 in a LIN loop places that line; an unknown one is a finding; cases become eaches'],
  ['945-acme-short-ship', 'acme-3pl', 'a short-shipped line keeps ordered > shipped; cases become eaches; G62*11 gives the ship time'],
  ['945-acme-unknown-item', 'acme-3pl', 'an item outside the cross-reference is a finding on its line; no N1*SF means the default warehouse'],
  ['945-acme-missing-order', 'acme-3pl', 'a W06 without W0602 is a MISSING_VALUE finding, not a thrown error'],
  ['856-northwind-two-packs', 'northwind-supplier', 'S/O/P/I: each item takes the PO of its order and the SSCC of its pack'],
  ['856-northwind-bad-sscc', 'northwind-supplier', 'an SSCC with a wrong check digit is a finding and is left out'],
  ['997-acme-partial', 'acme-3pl', 'a partially accepted group lists each transaction set with its AK3/AK4 notes'],
  ['ta1-acme-two-verdicts', 'acme-3pl', 'each TA1 of an interchange is its own event, kept apart by source.line'],
];

describe('inbound mappers (golden files in libs/mapping/fixtures)', () => {
  it.each(CASES)('%s (%s): %s', (fixture, profileId) => {
    const events = eventsOf(join(FIXTURES, `${fixture}.edi`), loadProfile(profileId));
    const golden = join(FIXTURES, `${fixture}.events.json`);
    if (UPDATE) writeFileSync(golden, JSON.stringify(events, null, 2) + '\n');
    expect(events).toEqual(JSON.parse(readFileSync(golden, 'utf8')));
  });

  it('gives events that pass validateEvent for every fixture', () => {
    for (const [fixture, profileId] of CASES) {
      for (const event of eventsOf(join(FIXTURES, `${fixture}.edi`), loadProfile(profileId))) {
        const check = validateEvent(event);
        expect(check.ok ? [] : check.problems).toEqual([]);
      }
    }
  });

  it('gives distinct idempotency keys across the fixtures', () => {
    const keys = CASES.flatMap(([fixture, profileId]) => eventsOf(join(FIXTURES, `${fixture}.edi`), loadProfile(profileId)).map((e) => e.idempotencyKey));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('registers 945, 856, 997 and 999 inbound beside the 846', () => {
    expect(Object.keys(DOCUMENT_MAPPERS)).toEqual(expect.arrayContaining(['846:inbound', '945:inbound', '856:inbound', '997:inbound', '999:inbound']));
  });
});

import { validateEvent } from '@tradewire/canonical';
import { PartnerProfile, validateProfile } from '@tradewire/partners';
import { parseX12 } from '@tradewire/x12';
import { readFileSync } from 'fs';
import { join } from 'path';
import { translateDocument } from './translate';

/**
 * The public samples that carry data, translated with a profile made for each (their parties are
 * nobody we know): what resolves, and what is held with which finding. 940s are documents we send,
 * so they are read as our own outbound document (the sample's sender plays us).
 */
const SAMPLES = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'samples');

function profileFor(file: string, set: string, direction: 'inbound' | 'outbound', extra: Record<string, unknown> = {}): PartnerProfile {
  const [ic] = parseX12(readFileSync(join(SAMPLES, file))).interchanges;
  const sender = { qualifier: ic.senderQualifier, id: ic.sender };
  const receiver = { qualifier: ic.receiverQualifier, id: ic.receiver };
  const parsed = validateProfile({
    id: 'sample-partner', name: 'Public sample', roles: ['3pl-warehouse'], status: 'test',
    interchange: direction === 'inbound' ? { ours: receiver, theirs: sender } : { ours: sender, theirs: receiver },
    transactionSets: [{ set, direction, version: ic.groups[0].version.slice(0, 6), ...extra }],
    acknowledgments: {},
    controlNumbers: { interchange: { start: 1, end: 999999999 }, group: { start: 1, end: 999999999 }, transaction: { start: 1, end: 999999999 } },
    crossReferences: { items: [{ qualifier: 'VN', value: 'ABC123', sku: 'WIDGET-BLUE' }], locations: [], units: [] },
  }, 'in-test');
  if (parsed.profile === null) throw new Error(parsed.problems.map((p) => `${p.path}: ${p.message}`).join('; '));
  return parsed.profile;
}

function translate(file: string, profile: PartnerProfile) {
  const outcomes = translateDocument(parseX12(readFileSync(join(SAMPLES, file)), { keepSegments: true }), profile);
  const events = outcomes.flatMap((o) => (o.kind === 'event' ? [o.event] : []));
  for (const e of events) expect(validateEvent(e).ok).toBe(true);
  return { outcomes, events };
}

describe('public samples through the mappings', () => {
  it('846 (005010): the known item resolves; the supplier N1 is no location of ours, so the snapshot is held', () => {
    const { events } = translate('846/x12types-846-005010-minimal.edi', profileFor('846/x12types-846-005010-minimal.edi', '846', 'inbound', { mapping: { productQualifier: 'VN' } }));
    expect(events).toHaveLength(1);
    const [e] = events;
    expect(e.type).toBe('InventorySnapshotReported');
    expect(e.payload).toMatchObject({ asOf: '2020-01-01T00:00:00Z', mode: 'full', lines: [{ line: 1, sku: 'WIDGET-BLUE', unit: 'EA', quantities: { available: '100' } }] });
    expect(e.findings.map((f) => [f.code, f.value])).toEqual([['UNKNOWN_LOCATION', 'S1']]);
  });

  it.each(['940/x12types-940-babelway.edi', '940/x12types-940-generalmills-change-no-isa16.edi'])('940 %s reads back as a WarehouseOrderReleased, held for its unknown items', (file) => {
    const { outcomes, events } = translate(file, profileFor(file, '940', 'outbound'));
    expect(outcomes.filter((o) => o.kind === 'skipped')).toEqual([]);
    expect(events.map((e) => e.type)).toEqual(['WarehouseOrderReleased']);
    expect(events[0].findings.map((f) => f.code)).toContain('UNKNOWN_ITEM');
  });

  it('a sample is not translated with a profile whose partner did not send it', () => {
    const profile = profileFor('846/x12types-846-005010-minimal.edi', '846', 'inbound');
    const { outcomes } = translate('945/x12types-945-005010.edi', { ...profile, interchange: { ...profile.interchange, theirs: { qualifier: 'ZZ', id: 'SOMEONE-ELSE' } } });
    expect(outcomes).toEqual([{ kind: 'skipped', set: 'ISA', control: '043000123', reason: expect.stringContaining('is from ZZ/SENDER to ZZ/RECEIVER, not between sample-partner') }]);
  });
});

import { WarehouseOrderReleased } from '@tradewire/canonical';
import { Segment, SegmentData } from '@tradewire/x12';

/** A name-and-address party (ship-to), as the canonical events carry it. */
export type Party = WarehouseOrderReleased['payload']['shipTo'];

/** The N1 loop holds at most two N3 segments of two address lines each (940 and 856 tables). */
const MAX_ADDRESS_LINES = 4;

/**
 * A party as an N1 loop: N1 (entity, name, ID qualifier and ID), N3 address lines, N4 city, state,
 * postal code and country. Checks the N1 syntax notes the receiver's translator will check.
 */
export function partySegments(entity: string, party: Party, where: string, problems: string[]): SegmentData[] {
  // N1 R0203: a name or an ID code qualifier is required; P0304: qualifier and ID go together.
  if (!party.name && party.idQualifier === undefined) problems.push(`${where}: needs a name or an ID (N1 syntax note R0203)`);
  if ((party.idQualifier === undefined) !== (party.id === undefined)) problems.push(`${where}: idQualifier and id go together (N1 syntax note P0304)`);
  const segments: SegmentData[] = [['N1', entity, party.name ?? '', party.idQualifier ?? '', party.id ?? '']];
  const lines = party.address ?? [];
  if (lines.length > MAX_ADDRESS_LINES) problems.push(`${where}: ${lines.length} address lines; an N1 loop carries at most ${MAX_ADDRESS_LINES}`);
  for (let i = 0; i < Math.min(lines.length, MAX_ADDRESS_LINES); i += 2) segments.push(['N3', ...lines.slice(i, i + 2)]);
  const place = [party.city, party.state, party.postalCode, party.country];
  if (place.some((p) => p !== undefined)) segments.push(['N4', ...place.map((p) => p ?? '')]);
  return segments;
}

/** Segments that may follow N1 inside its loop (940: N2 N3 N4 PER; 856 adds REF and FOB). */
const N1_LOOP = new Set(['N2', 'N3', 'N4', 'REF', 'PER', 'FOB']);

/** Reads the N1 at `index` and the rest of its loop back into a party; absent values stay absent. */
export function readParty(segments: readonly Segment[], index: number): Party {
  const n1 = segments[index];
  const party: { -readonly [K in keyof Party]: Party[K] } = {};
  setIf(party, 'name', n1.element(2));
  setIf(party, 'idQualifier', n1.element(3));
  setIf(party, 'id', n1.element(4));
  const address: string[] = [];
  for (let i = index + 1; i < segments.length && N1_LOOP.has(segments[i].tag); i++) {
    const s = segments[i];
    if (s.tag === 'N3') address.push(...[s.element(1), s.element(2)].filter((l) => l !== ''));
    if (s.tag === 'N4') {
      setIf(party, 'city', s.element(1));
      setIf(party, 'state', s.element(2));
      setIf(party, 'postalCode', s.element(3));
      setIf(party, 'country', s.element(4));
    }
  }
  if (address.length > 0) party.address = address;
  return party;
}

function setIf(party: { [K in keyof Party]: Party[K] }, key: 'name' | 'idQualifier' | 'id' | 'city' | 'state' | 'postalCode' | 'country', value: string): void {
  if (value !== '') party[key] = value;
}

import { PartnerProfile } from './partner-profile.schema';

/**
 * The locations of ours a partner runs, whose stock a key scoped to that partner may read: a 3PL's
 * warehouses (its location cross-references and the default locations of what it sends us). Other
 * partners run none: a supplier's default location is where its goods go, not a place it may watch,
 * and what a channel may sell is its offer (the 846 we send it), not our balances.
 */
export function operatedLocations(profile: PartnerProfile): string[] {
  if (!profile.roles.includes('3pl-warehouse')) return [];
  const locations = new Set(profile.crossReferences.locations.map((l) => l.location));
  for (const t of profile.transactionSets) if (t.direction === 'inbound' && t.mapping?.defaultLocation !== undefined) locations.add(t.mapping.defaultLocation);
  return [...locations].sort();
}

import { readFileSync } from 'fs';
import { join } from 'path';
import { operatedLocations } from './operated-locations';
import { parseProfile } from './parse-profile';

const PROFILES = join(__dirname, '..', '..', '..', '..', 'partner-profiles');
const profile = (file: string) => {
  const parsed = parseProfile(readFileSync(join(PROFILES, file), 'utf8'), file).profile;
  if (parsed === undefined || parsed === null) throw new Error(`${file} does not parse`);
  return parsed;
};

describe('operatedLocations', () => {
  it("gives a 3PL its warehouses, from its location cross-references and its documents' default location", () => {
    expect(operatedLocations(profile('acme-3pl.yaml'))).toEqual(['DAL-3PL']);
  });

  it('gives a supplier, a marketplace and a retailer none, though a supplier ships to one of ours', () => {
    expect(['northwind-supplier.yaml', 'shopmart-marketplace.yaml', 'brightmart-retail.yaml'].map((f) => operatedLocations(profile(f)))).toEqual([[], [], []]);
  });
});

import { PartnerProfile } from '@tradewire/partners';
import { GuideFile } from '@tradewire/specs';

/** What the API needs of the partner profiles. */
export interface ProfileLookup {
  byId(id: string): PartnerProfile | undefined;
  /** Every profile in force (AS2 finds the partner by its AS2 names). */
  list(): readonly PartnerProfile[];
  readonly guides: ReadonlyMap<string, GuideFile>;
  /** Takes the profiles in force after an update. */
  replace(profiles: readonly PartnerProfile[]): void;
}

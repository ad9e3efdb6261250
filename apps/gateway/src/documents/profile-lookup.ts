import { PartnerProfile } from '@tradewire/partners';
import { GuideFile } from '@tradewire/specs';

/** What the API needs of the partner profiles. */
export interface ProfileLookup {
  byId(id: string): PartnerProfile | undefined;
  /** Every profile in force (SFTP mailboxes, AS2 names, sales channels). */
  list(): readonly PartnerProfile[];
  readonly guides: ReadonlyMap<string, GuideFile>;
  /** Takes the profiles in force after an update. */
  replace(profiles: readonly PartnerProfile[]): void;
}

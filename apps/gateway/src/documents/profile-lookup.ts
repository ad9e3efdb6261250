import { PartnerProfile } from '@tradewire/partners';

/** What the API needs of the partner profiles. */
export interface ProfileLookup {
  byId(id: string): PartnerProfile | undefined;
}

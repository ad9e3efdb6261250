import { readFileSync } from 'fs';
import { parseProfile, PartnerProfile } from '@tradewire/partners';
import { GuideChooser } from '@tradewire/specs';
import { InputError } from '../input/read-input';
import { guideIndex } from './profile.command';

/** Reads and checks one profile for --profile; any problem makes it unusable. */
export function loadProfile(file: string): PartnerProfile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read profile ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const { profile, problems } = parseProfile(text, file);
  if (profile === null) throw new InputError(`profile ${file} is not valid:\n${problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}`);
  return profile;
}

/** The guides a profile names for its inbound transaction sets, by set and version. */
export function profileGuides(profile: PartnerProfile): GuideChooser {
  const guides = guideIndex();
  return (set, version) => {
    const entry = profile.transactionSets.find((t) => t.set === set && t.version === version && t.direction === 'inbound' && t.guide !== undefined);
    const guide = entry?.guide === undefined ? undefined : guides.get(entry.guide);
    if (entry?.guide !== undefined && guide === undefined) throw new InputError(`profile ${profile.id} names guide ${entry.guide}, which is not in edi-specs/guides/`);
    return guide;
  };
}

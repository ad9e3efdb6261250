import { PartnerProfile } from './partner-profile.schema';
import { ProfileProblem } from './parse-profile';

export interface ProfileContext {
  /** Guides by id, with the set and version each narrows. */
  readonly guides: ReadonlyMap<string, { readonly set: string; readonly version: string }>;
  /** Whether edi-specs/ has a spec for a set and version. */
  readonly hasSpec: (set: string, version: string) => boolean;
}

/**
 * Checks what one profile cannot check alone: guides and specs it refers to exist and fit, and no
 * two profiles claim the same partner ID pair or profile id (an inbound file must identify exactly
 * one partner). Ranges and formats are the schema's business.
 */
export function checkProfiles(profiles: ReadonlyArray<{ readonly file: string; readonly profile: PartnerProfile }>, context: ProfileContext): ProfileProblem[] {
  const problems: ProfileProblem[] = [];
  const ids = new Map<string, string>();
  const pairs = new Map<string, string>();
  for (const { file, profile } of profiles) {
    const at = (path: string, message: string) => problems.push({ file, path, message });
    const firstId = ids.get(profile.id);
    if (firstId !== undefined) at('id', `profile id ${profile.id} is also used by ${firstId}`);
    ids.set(profile.id, file);
    const pair = `${profile.interchange.theirs.qualifier}/${profile.interchange.theirs.id}|${profile.interchange.ours.qualifier}/${profile.interchange.ours.id}`;
    const firstPair = pairs.get(pair);
    if (firstPair !== undefined) at('interchange.theirs', `the ID pair ${pair.replace('|', ' → ')} is also claimed by ${firstPair}`);
    pairs.set(pair, file);
    profile.transactionSets.forEach((ts, i) => {
      const path = `transactionSets.${i}`;
      if (!context.hasSpec(ts.set, ts.version)) at(path, `edi-specs/ has no spec for ${ts.set} version ${ts.version}`);
      if (ts.guide === undefined) return;
      const guide = context.guides.get(ts.guide);
      if (guide === undefined) at(`${path}.guide`, `no guide ${ts.guide} in edi-specs/guides/`);
      else if (guide.set !== ts.set || guide.version !== ts.version) at(`${path}.guide`, `guide ${ts.guide} narrows ${guide.set} ${guide.version}, not ${ts.set} ${ts.version}`);
    });
  }
  return problems;
}

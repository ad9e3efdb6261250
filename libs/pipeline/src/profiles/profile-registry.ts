import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { GuideFile } from '@tradewire/specs';
import { checkProfiles, parseProfile, PartnerProfile } from '@tradewire/partners';

/**
 * The partner profiles the pipeline and the API work with, and the guides they name (edi-specs/guides/).
 * Loaded from partner-profiles/ at start; the versions in PostgreSQL (ProfileStore) then replace them,
 * and an API update replaces them again, in this process at once and in others at their next refresh.
 */
export class ProfileRegistry {
  private constructor(private profiles: readonly PartnerProfile[], readonly guides: ReadonlyMap<string, GuideFile>) {}

  /** Every profile in force. */
  list(): readonly PartnerProfile[] {
    return this.profiles;
  }

  /** Takes the profiles in force from their newest stored versions. */
  replace(profiles: readonly PartnerProfile[]): void {
    this.profiles = profiles;
  }

  static fromDirectories(profileDir: string, guideDir: string): ProfileRegistry {
    const guides = new Map<string, GuideFile>();
    for (const f of readdirSync(guideDir).filter((n) => n.endsWith('.json'))) {
      const g = JSON.parse(readFileSync(join(guideDir, f), 'utf8')) as GuideFile;
      guides.set(g.id, g);
    }
    const parsed = readdirSync(profileDir).filter((n) => n.endsWith('.yaml')).sort().map((f) => ({ file: f, ...parseProfile(readFileSync(join(profileDir, f), 'utf8'), f) }));
    const problems = parsed.flatMap((p) => p.problems.map((x) => `${x.file}: ${x.path}: ${x.message}`));
    const good = parsed.flatMap((p) => (p.profile === null ? [] : [{ file: p.file, profile: p.profile }]));
    problems.push(...checkProfiles(good, { guides: new Map([...guides].map(([id, g]) => [id, g.base])), hasSpec: () => true }).map((x) => `${x.file}: ${x.path}: ${x.message}`));
    if (problems.length > 0) throw new Error(`partner profiles are not valid:\n  ${problems.join('\n  ')}`);
    return new ProfileRegistry(good.map((g) => g.profile), guides);
  }

  /** The profile whose partner sent this interchange to us (their ISA05/06 → our ISA07/08). */
  forInterchange(sender: { qualifier: string; id: string }, receiver: { qualifier: string; id: string }): PartnerProfile | undefined {
    return this.profiles.find((p) => same(p.interchange.theirs, sender) && same(p.interchange.ours, receiver));
  }

  byId(id: string): PartnerProfile | undefined {
    return this.profiles.find((p) => p.id === id);
  }
}

function same(a: { qualifier: string; id: string }, b: { qualifier: string; id: string }): boolean {
  return a.qualifier === b.qualifier && a.id === b.id;
}

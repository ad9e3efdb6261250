import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { checkProfiles, parseProfile, PartnerProfile, ProfileProblem, profileJsonSchema } from '@tradewire/partners';
import { baseCatalog, GuideFile } from '@tradewire/specs';
import { InputError } from '../input/read-input';
import { projectRoot } from '../input/repository-paths';
import { EXIT } from '../inspect/inspect.command';

/** `edi profile check [FILE…]`: every problem of every profile, as `file: path: message`. */
export function checkProfileFiles(files: readonly string[], write: (text: string) => void): number {
  const list = files.length > 0 ? files : defaultProfiles();
  const problems: ProfileProblem[] = [];
  const parsed: Array<{ file: string; profile: PartnerProfile }> = [];
  for (const file of list) {
    const result = parseProfile(readText(file), file);
    problems.push(...result.problems);
    if (result.profile !== null) parsed.push({ file, profile: result.profile });
  }
  const catalog = baseCatalog();
  problems.push(...checkProfiles(parsed, { guides: guideIndex(), hasSpec: (set, version) => catalog.has(set, version) }));
  for (const p of problems) write(`${p.file}: ${p.path}: ${p.message}\n`);
  write(`${list.length} profile(s) checked, ${problems.length} problem(s)\n`);
  return problems.length === 0 ? EXIT.OK : EXIT.DOCUMENT_ERRORS;
}

/** `edi profile schema`: the profile JSON Schema (partner-profiles/schema/partner-profile.schema.json). */
export function printProfileSchema(write: (text: string) => void): number {
  write(JSON.stringify(profileJsonSchema(), null, 2) + '\n');
  return EXIT.OK;
}

function defaultProfiles(): string[] {
  const dir = 'partner-profiles';
  try {
    return readdirSync(dir).filter((f) => f.endsWith('.yaml') || f.endsWith('.yml')).sort().map((f) => join(dir, f));
  } catch {
    throw new InputError('no FILE given and no partner-profiles/ folder here');
  }
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** Guides in edi-specs/guides/ by id. */
export function guideIndex(): Map<string, GuideFile & { set: string; version: string }> {
  const dir = join(projectRoot(), 'edi-specs', 'guides');
  const index = new Map<string, GuideFile & { set: string; version: string }>();
  for (const f of readdirSync(dir).filter((name) => name.endsWith('.json'))) {
    const guide = JSON.parse(readFileSync(join(dir, f), 'utf8')) as GuideFile;
    index.set(guide.id, { ...guide, set: guide.base.set, version: guide.base.version });
  }
  return index;
}

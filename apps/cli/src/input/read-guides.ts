import { readFileSync } from 'fs';
import { GuideChooser, GuideFile } from '@tradewire/specs';
import { InputError } from './read-input';

/** Reads partner guides (edi-specs/guides/*.json) given with --guide; each applies to its own base set and version. */
export function readGuides(files: readonly string[]): GuideChooser {
  const guides: GuideFile[] = files.map((file) => {
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as GuideFile;
    } catch (e) {
      throw new InputError(`cannot read guide ${file}: ${(e as Error).message}`);
    }
  });
  return (set, version) => guides.find((g) => g.base.set === set && g.base.version === version);
}

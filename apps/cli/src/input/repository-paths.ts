import { existsSync } from 'fs';
import { dirname, join } from 'path';

/** The folder holding edi-specs/ (the repository or installed package root), found upwards from this file. */
export function projectRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'edi-specs'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find edi-specs/ above ' + __dirname);
    dir = parent;
  }
  return dir;
}

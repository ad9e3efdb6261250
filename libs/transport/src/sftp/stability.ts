import { matchesPattern, unsafeNameReason } from './remote-names';

/** One entry of a mailbox listing. `mtime` in whole seconds (what SFTP attributes carry). */
export interface RemoteEntry {
  readonly name: string;
  readonly size: number;
  readonly mtime: number;
  readonly isFile: boolean;
}

export interface Observation {
  readonly name: string;
  readonly size: number;
  readonly mtime: number;
}

export type StabilityRule = 'size-mtime' | 'done-file' | 'temporary-name';

export interface Selection {
  /** Complete files to receive now, oldest first. */
  readonly ready: RemoteEntry[];
  /** What this listing saw of the matching files: the next listing compares against it (size-mtime). */
  readonly observed: Observation[];
  /** Names refused as unsafe: never read, never moved, reported. */
  readonly refused: Array<{ readonly name: string; readonly reason: string }>;
}

const DONE = '.done';
/** Names a partner writes under before renaming a finished file (temporary-name rule). */
const TEMPORARY = /^\.|\.(tmp|part|partial|filepart|uploading)$/i;

/**
 * Which files of a listing are complete, by the profile's rule. size-mtime: the same size and
 * modification time as in the previous listing (a file seen for the first time waits one poll). done-file:
 * a `<name>.done` companion exists. temporary-name: the name is not a temporary one. A partial upload is
 * never ready, and a name that is not one plain path component is refused whatever the rule.
 */
export function selectComplete(entries: readonly RemoteEntry[], previous: ReadonlyMap<string, Observation>, rule: StabilityRule, pattern: string): Selection {
  const refused: Selection['refused'][number][] = [];
  const files = entries.filter((e) => {
    const reason = unsafeNameReason(e.name);
    if (reason !== null) refused.push({ name: e.name, reason });
    return reason === null && e.isFile;
  });
  const names = new Set(files.map((f) => f.name));
  const candidates = files.filter((f) => matchesPattern(f.name, pattern) && !(rule === 'done-file' && f.name.endsWith(DONE)));
  const ready = candidates.filter((f) => {
    if (rule === 'done-file') return names.has(f.name + DONE);
    if (rule === 'temporary-name') return !TEMPORARY.test(f.name);
    const before = previous.get(f.name);
    return before !== undefined && before.size === f.size && before.mtime === f.mtime;
  });
  ready.sort((a, b) => a.mtime - b.mtime || (a.name < b.name ? -1 : 1));
  return { ready, observed: candidates.map(({ name, size, mtime }) => ({ name, size, mtime })), refused };
}

/** The companion file a done-file rule waits for. */
export function doneCompanion(name: string): string {
  return name + DONE;
}

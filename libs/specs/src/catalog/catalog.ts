import { CompiledSegment, CompiledSpec } from '../model/compiled-spec';
import { GuideFile } from '../model/guide';
import { CompositeDefinition, ElementDefinition, SegmentDefinition, TransactionSetFile, VersionDictionary } from '../model/spec';
import { compileSegment, compileSpec, SpecError } from './compile-spec';

/** One dictionary file of edi-specs/<version>/dictionary/. Several files of one version are merged. */
export interface DictionaryFile {
  readonly version: string;
  readonly elements?: Readonly<Record<string, ElementDefinition>>;
  readonly composites?: Readonly<Record<string, CompositeDefinition>>;
  readonly segments?: Readonly<Record<string, SegmentDefinition>>;
}

/** All base transaction sets by set and version, compiled on first use. */
export class SpecCatalog {
  private readonly compiled = new Map<string, CompiledSpec>();

  constructor(private readonly dictionaries: ReadonlyMap<string, VersionDictionary>, private readonly sets: ReadonlyMap<string, TransactionSetFile>) {}

  /** Set and version pairs available, e.g. ["846/004010", …]. */
  list(): string[] {
    return [...this.sets.keys()].sort();
  }

  has(set: string, version: string): boolean {
    return this.sets.has(key(set, version));
  }

  /** A segment of a version's dictionary (ISA, GS, TA1…), compiled. */
  segment(version: string, id: string): CompiledSegment {
    const dictionary = this.dictionaries.get(version.slice(0, 6));
    if (dictionary === undefined) throw new SpecError([`no dictionary for version ${version}`]);
    return compileSegment(dictionary, id);
  }

  /** The spec for a set and version (GS08's first six characters), narrowed by a guide when given. */
  spec(set: string, version: string, guide?: GuideFile): CompiledSpec {
    const k = key(set, version.slice(0, 6));
    const cacheKey = guide === undefined ? k : `${k}#${guide.id}`;
    const cached = this.compiled.get(cacheKey);
    if (cached !== undefined) return cached;
    const file = this.sets.get(k);
    if (file === undefined) throw new SpecError([`no spec for transaction set ${set} version ${version}`]);
    const dictionary = this.dictionaries.get(file.version);
    if (dictionary === undefined) throw new SpecError([`no dictionary for version ${file.version}`]);
    const spec = compileSpec(dictionary, file, guide);
    this.compiled.set(cacheKey, spec);
    return spec;
  }
}

/** Merges dictionary files per version and indexes the sets; identical duplicates are fine, conflicting ones are not. */
export function buildCatalog(dictionaries: readonly DictionaryFile[], sets: readonly TransactionSetFile[]): SpecCatalog {
  const problems: string[] = [];
  const merged = new Map<string, { version: string; elements: Record<string, ElementDefinition>; composites: Record<string, CompositeDefinition>; segments: Record<string, SegmentDefinition> }>();
  for (const file of dictionaries) {
    const into = merged.get(file.version) ?? { version: file.version, elements: {}, composites: {}, segments: {} };
    merged.set(file.version, into);
    for (const kind of ['elements', 'composites', 'segments'] as const) {
      for (const [id, def] of Object.entries(file[kind] ?? {})) {
        const existing = (into[kind] as Record<string, unknown>)[id];
        if (existing !== undefined && JSON.stringify(existing) !== JSON.stringify(def)) problems.push(`${file.version} ${kind} ${id} is defined twice, differently`);
        (into[kind] as Record<string, unknown>)[id] = def;
      }
    }
  }
  const bySet = new Map<string, TransactionSetFile>();
  for (const s of sets) {
    if (bySet.has(key(s.set, s.version))) problems.push(`transaction set ${s.set} ${s.version} is defined twice`);
    bySet.set(key(s.set, s.version), s);
  }
  if (problems.length > 0) throw new SpecError(problems);
  return new SpecCatalog(merged, bySet);
}

function key(set: string, version: string): string {
  return `${set}/${version}`;
}

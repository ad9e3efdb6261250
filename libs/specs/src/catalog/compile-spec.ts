import { CompiledElement, CompiledPlacement, CompiledSegment, CompiledSpec, SyntaxRule } from '../model/compiled-spec';
import { GuideFile } from '../model/guide';
import { ElementUse, isLoop, Placement, SyntaxNote, TransactionSetFile, Usage, VersionDictionary } from '../model/spec';

/** The spec data is inconsistent (unknown reference, bad syntax note, a guide that widens the base). */
export class SpecError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid spec:\n  ${problems.join('\n  ')}`);
    this.name = 'SpecError';
  }
}

const USAGE_RANK: Record<Usage, number> = { O: 0, C: 1, M: 2 };
const SYNTAX = /^([PRECL])((?:[0-9]{2}){2,})$/;

/** Parses `P0405` into { type: 'P', positions: [4, 5] }. */
export function parseSyntaxNote(note: SyntaxNote): SyntaxRule | null {
  const m = SYNTAX.exec(note);
  if (m === null) return null;
  const positions = (m[2].match(/[0-9]{2}/g) as string[]).map(Number);
  return { type: m[1] as SyntaxRule['type'], positions, text: note };
}

/** One segment of a dictionary, compiled (envelope segments and TA1 are checked this way). */
export function compileSegment(dictionary: VersionDictionary, id: string): CompiledSegment {
  const problems: string[] = [];
  const segment = new Compiler(dictionary, undefined, problems).compileSegment(id);
  if (problems.length > 0) throw new SpecError(problems);
  return segment;
}

/** Merges a version dictionary, a transaction set and optionally a partner guide into a spec ready to validate with. */
export function compileSpec(dictionary: VersionDictionary, set: TransactionSetFile, guide?: GuideFile): CompiledSpec {
  const problems: string[] = [];
  if (set.version !== dictionary.version) problems.push(`${set.set} is version ${set.version} but the dictionary is ${dictionary.version}`);
  if (guide !== undefined && (guide.base.set !== set.set || guide.base.version !== set.version)) {
    problems.push(`guide ${guide.id} narrows ${guide.base.set}/${guide.base.version}, not ${set.set}/${set.version}`);
  }
  const compiler = new Compiler(dictionary, guide, problems);
  const structure = compiler.placements(set.structure, '');
  compiler.checkGuideUsed();
  const context = contextOf(guide, problems);
  if (problems.length > 0) throw new SpecError(problems);
  return {
    id: guide?.id ?? `${set.set}-${set.version}`,
    set: set.set,
    version: set.version,
    name: set.name,
    functionalGroup: set.functionalGroup,
    structure,
    segmentIds: compiler.segmentIds,
    checks: set.checks ?? [],
    ...context,
  };
}

class Compiler {
  readonly segmentIds = new Set<string>();
  private readonly segments = new Map<string, CompiledSegment>();
  private readonly usedGuideKeys = new Set<string>();

  constructor(private readonly d: VersionDictionary, private readonly guide: GuideFile | undefined, private readonly problems: string[]) {}

  placements(list: readonly Placement[], path: string): CompiledPlacement[] {
    return list.map((p) => {
      if (isLoop(p)) {
        const o = this.guideEntry('loops', p.loop);
        const usage = this.narrowUsage(p.usage, o?.usage, `loop ${p.loop}`);
        const repeat = this.narrowMax(p.repeat, o?.repeat, `loop ${p.loop}`);
        return { kind: 'loop', id: p.loop, usage, repeat, children: this.placements(p.structure, `${path}${p.loop}/`) };
      }
      const o = this.guideEntry('segments', `${path}${p.segment}`) ?? this.guideEntry('segments', p.segment);
      return {
        kind: 'segment',
        segment: this.segment(p.segment),
        usage: this.narrowUsage(p.usage, o?.usage, `segment ${path}${p.segment}`),
        max: this.narrowMax(p.max, o?.max, `segment ${path}${p.segment}`),
      };
    });
  }

  checkGuideUsed(): void {
    if (this.guide === undefined) return;
    for (const kind of ['segments', 'loops', 'elements'] as const) {
      for (const key of Object.keys(this.guide[kind] ?? {})) {
        if (!this.usedGuideKeys.has(`${kind}:${key}`)) this.problems.push(`guide ${this.guide.id}: ${kind} "${key}" matches nothing in ${this.guide.base.set}`);
      }
    }
  }

  compileSegment(id: string): CompiledSegment {
    return this.segment(id);
  }

  private segment(id: string): CompiledSegment {
    const known = this.segments.get(id);
    if (known !== undefined) return known;
    this.segmentIds.add(id);
    const def = this.d.segments[id];
    if (def === undefined) {
      this.problems.push(`segment ${id} is not in the ${this.d.version} dictionary`);
      return { id, name: id, elements: [], syntax: [] };
    }
    const compiled: CompiledSegment = {
      id,
      name: def.name,
      elements: def.elements.map((use, i) => this.element(use, `${id}${pad(i + 1)}`, i + 1)),
      syntax: this.syntax(def.syntax ?? [], id),
    };
    this.segments.set(id, compiled);
    return compiled;
  }

  private element(use: ElementUse, designator: string, position: number): CompiledElement {
    const o = this.guideEntry('elements', designator);
    const usage = this.narrowUsage(use.usage, o?.usage, designator);
    const repeat = use.repeat ?? 1;
    if (use.composite !== undefined) {
      const c = this.d.composites[use.composite];
      if (c === undefined) {
        this.problems.push(`${designator}: composite ${use.composite} is not in the ${this.d.version} dictionary`);
        return { position, ref: use.composite, name: use.composite, usage, repeat, components: [] };
      }
      const components = c.components.map((u, i) => this.element(u, `${designator}${pad(i + 1)}`, i + 1));
      return { position, ref: use.composite, name: c.name, usage, repeat, components, syntax: this.syntax(c.syntax ?? [], designator) };
    }
    const def = use.ref === undefined ? undefined : this.d.elements[use.ref];
    if (def === undefined) {
      this.problems.push(`${designator}: data element ${use.ref ?? '(no ref)'} is not in the ${this.d.version} dictionary`);
      return { position, ref: use.ref ?? '?', name: '?', usage, repeat };
    }
    const codes = this.narrowCodes(def.codes, o?.codes, designator);
    const min = Math.max(def.min, o?.min ?? def.min);
    const max = this.narrowMax(def.max, o?.max, designator);
    return { position, ref: use.ref as string, name: def.name, usage, repeat, type: def.type, min, max, ...(codes === undefined ? {} : { codes: new Set(codes) }) };
  }

  private syntax(notes: readonly SyntaxNote[], where: string): SyntaxRule[] {
    return notes.flatMap((n) => {
      const rule = parseSyntaxNote(n);
      if (rule === null) this.problems.push(`${where}: "${n}" is not a syntax note (P, R, E, C or L followed by two-digit positions)`);
      return rule === null ? [] : [rule];
    });
  }

  private guideEntry<K extends 'segments' | 'loops' | 'elements'>(kind: K, key: string): NonNullable<GuideFile[K]>[string] | undefined {
    const entry = this.guide?.[kind]?.[key] as NonNullable<GuideFile[K]>[string] | undefined;
    if (entry !== undefined) this.usedGuideKeys.add(`${kind}:${key}`);
    return entry;
  }

  private narrowUsage(base: Usage, override: Usage | undefined, where: string): Usage {
    if (override === undefined) return base;
    if (USAGE_RANK[override] < USAGE_RANK[base]) this.problems.push(`guide ${this.guide?.id}: ${where} cannot go from ${base} to ${override}`);
    return override;
  }

  private narrowMax(base: number, override: number | undefined, where: string): number {
    if (override === undefined) return base;
    if (override > base) this.problems.push(`guide ${this.guide?.id}: ${where} cannot raise ${base} to ${override}`);
    return override;
  }

  private narrowCodes(base: readonly string[] | undefined, override: readonly string[] | undefined, where: string): readonly string[] | undefined {
    if (override === undefined) return base;
    const widened = base === undefined ? [] : override.filter((c) => !base.includes(c));
    if (widened.length > 0) this.problems.push(`guide ${this.guide?.id}: ${where} adds codes the standard does not have: ${widened.join(', ')}`);
    return override;
  }
}

/** `W0602` → segment W06, position 2; the context name defaults to the designator. */
function contextOf(guide: GuideFile | undefined, problems: string[]): { context?: CompiledSpec['context'] } {
  const c = guide?.acknowledgmentContext;
  if (c === undefined) return {};
  const m = /^([A-Z][A-Z0-9]{1,2})([0-9]{2})$/.exec(c.element);
  if (m === null) {
    problems.push(`guide ${guide?.id}: acknowledgmentContext element "${c.element}" is not a reference designator like W0602`);
    return {};
  }
  return { context: { segment: m[1], position: Number(m[2]), name: c.name ?? c.element } };
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

import { CompiledLoopPlacement, CompiledPlacement, CompiledSegment, CompiledSpec } from '../model/compiled-spec';
import { ElementFinding, SEGMENT_ERROR, Segment, SegmentErrorCode, SegmentFinding, TransactionSetEnvelope, TransactionValidation } from '@tradewire/x12';
import { runTransactionChecks } from './transaction-checks';
import { validateElements } from './validate-elements';

/** One open level of the structure: the set itself or an iteration of a loop. */
interface Level {
  readonly placements: readonly CompiledPlacement[];
  readonly loop: CompiledLoopPlacement | null;
  /** Index of the placement last matched (or 0 before the first). */
  index: number;
  /** Uses of each placement in this iteration (segments) or iterations (loops). */
  readonly uses: number[];
}

/**
 * Validates one transaction set (parsed with `keepSegments: true`) against a compiled spec:
 * segment order and loops, missing mandatory segments, maximum use and repeats, unexpected
 * segments, then each segment's elements.
 */
export function validateTransaction(tx: TransactionSetEnvelope, spec: CompiledSpec): TransactionValidation {
  if (tx.segments === undefined) throw new Error('validateTransaction needs a transaction set parsed with keepSegments: true');
  const walker = new StructureWalker(spec);
  tx.segments.forEach((s, i) => walker.accept(s, i + 1));
  walker.finish();
  const findings = [...walker.findings, ...runTransactionChecks(tx.segments, spec)].sort((a, b) => a.position - b.position);
  return { set: tx.set, control: tx.control, specId: spec.id, segments: withContext(findings, tx.segments, spec), transactionErrors: [] };
}

/** Adds the guide's business-unit context to each finding: the nearest value of that element at or before it. */
function withContext(findings: SegmentFinding[], segments: readonly Segment[], spec: CompiledSpec): SegmentFinding[] {
  const c = spec.context;
  if (c === undefined) return findings;
  return findings.map((f) => {
    let value = '';
    for (let i = Math.min(f.position, segments.length) - 1; i >= 0 && value === ''; i--) if (segments[i].tag === c.segment) value = segments[i].element(c.position);
    return value === '' ? f : { ...f, context: { name: c.name, value } };
  });
}

class StructureWalker {
  readonly findings: SegmentFinding[] = [];
  private readonly stack: Level[];
  private last: { segment: Segment; position: number } | null = null;

  constructor(private readonly spec: CompiledSpec) {
    this.stack = [{ placements: spec.structure, loop: null, index: 0, uses: spec.structure.map(() => 0) }];
  }

  accept(segment: Segment, position: number): void {
    this.last = { segment, position };
    const placed = this.place(segment, position);
    const def = placed ?? this.definitionOf(segment.tag);
    const elements = def === null ? [] : validateElements(segment, def);
    if (placed === null) {
      this.report(segment, position, this.unplacedCode(segment.tag), this.unplacedMessage(segment.tag), elements);
    } else if (elements.length > 0) {
      this.report(segment, position, undefined, `${segment.tag} has ${elements.length} element error(s)`, elements);
    }
  }

  /** Closes every open level; what is still mandatory and unused is missing. */
  finish(): void {
    while (this.stack.length > 0) this.close(this.stack.pop() as Level);
  }

  /** Finds where the segment goes, from the innermost open level outwards; null when nowhere. */
  private place(segment: Segment, position: number): CompiledSegment | null {
    for (let depth = this.stack.length - 1; depth >= 0; depth--) {
      const level = this.stack[depth];
      for (let i = level.index; i < level.placements.length; i++) {
        // A loop's first segment always begins a new iteration, which the enclosing level starts.
        if (level.loop !== null && i === 0) continue;
        const p = level.placements[i];
        const matches = p.kind === 'segment' ? p.segment.id === segment.tag : firstSegment(p).id === segment.tag;
        if (!matches) continue;
        while (this.stack.length - 1 > depth) this.close(this.stack.pop() as Level);
        this.skipTo(level, i);
        return p.kind === 'segment' ? this.useSegment(level, i, segment, position) : this.enterLoop(level, i, segment, position);
      }
    }
    return null;
  }

  private useSegment(level: Level, i: number, segment: Segment, position: number): CompiledSegment {
    const p = level.placements[i] as Extract<CompiledPlacement, { kind: 'segment' }>;
    level.uses[i]++;
    if (level.uses[i] > p.max) {
      this.report(segment, position, SEGMENT_ERROR.SEGMENT_OVER_MAXIMUM_USE, `${segment.tag} is used ${level.uses[i]} times here; at most ${p.max} allowed`, []);
    }
    return p.segment;
  }

  private enterLoop(level: Level, i: number, segment: Segment, position: number): CompiledSegment {
    const loop = level.placements[i] as CompiledLoopPlacement;
    level.uses[i]++;
    if (level.uses[i] > loop.repeat) {
      this.report(segment, position, SEGMENT_ERROR.LOOP_OVER_MAXIMUM, `loop ${loop.id} occurs ${level.uses[i]} times; at most ${loop.repeat} allowed`, [], loop.id);
    }
    const inner: Level = { placements: loop.children, loop, index: 0, uses: loop.children.map(() => 0) };
    this.stack.push(inner);
    inner.uses[0] = 1;
    return firstSegment(loop);
  }

  /** Moving forward past placements: the mandatory ones never used are missing. */
  private skipTo(level: Level, target: number): void {
    for (let j = level.index; j < target; j++) this.checkUsed(level, j);
    level.index = target;
  }

  private close(level: Level): void {
    for (let j = level.index; j < level.placements.length; j++) this.checkUsed(level, j);
  }

  private checkUsed(level: Level, j: number): void {
    const p = level.placements[j];
    if (level.uses[j] > 0 || p.usage !== 'M') return;
    const tag = p.kind === 'segment' ? p.segment.id : firstSegment(p).id;
    const at = this.last as { segment: Segment; position: number };
    const what = p.kind === 'segment' ? `segment ${tag}` : `loop ${p.id}`;
    this.findings.push({
      tag, position: at.position, ...loopOf(level), code: SEGMENT_ERROR.MANDATORY_SEGMENT_MISSING, elements: [],
      message: `mandatory ${what} is missing (noticed at ${at.segment.tag}, position ${at.position})`,
      offset: at.segment.offset, line: at.segment.line, segmentIndex: at.segment.index,
    });
  }

  private unplacedCode(tag: string): SegmentErrorCode {
    return this.spec.segmentIds.has(tag) ? SEGMENT_ERROR.SEGMENT_OUT_OF_SEQUENCE : SEGMENT_ERROR.SEGMENT_NOT_IN_SET;
  }

  private unplacedMessage(tag: string): string {
    return this.spec.segmentIds.has(tag) ? `${tag} is not expected here (out of sequence)` : `${tag} is not part of ${this.spec.set} ${this.spec.version}`;
  }

  private definitionOf(tag: string): CompiledSegment | null {
    return findSegment(this.spec.structure, tag);
  }

  private report(segment: Segment, position: number, code: SegmentErrorCode | undefined, message: string, elements: ElementFinding[], loop?: string): void {
    const top = this.stack[this.stack.length - 1];
    this.findings.push({
      tag: segment.tag, position, ...(loop === undefined ? loopOf(top) : { loop }), ...(code === undefined ? {} : { code }), elements, message,
      offset: segment.offset, line: segment.line, segmentIndex: segment.index,
    });
  }
}

function loopOf(level: Level | undefined): { loop?: string } {
  return level?.loop ? { loop: level.loop.id } : {};
}

function firstSegment(loop: CompiledLoopPlacement): CompiledSegment {
  const first = loop.children[0];
  return first.kind === 'segment' ? first.segment : firstSegment(first);
}

function findSegment(list: readonly CompiledPlacement[], tag: string): CompiledSegment | null {
  for (const p of list) {
    if (p.kind === 'segment' && p.segment.id === tag) return p.segment;
    if (p.kind === 'loop') {
      const inner = findSegment(p.children, tag);
      if (inner !== null) return inner;
    }
  }
  return null;
}

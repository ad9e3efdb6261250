/**
 * Raw X12 as the console shows it: one segment per line, and which lines the diagnostics point at.
 * Pure (no DOM), so its rules are tested beside it.
 */

export interface RawSegment {
  /** 0-based over the whole file: the same count as a diagnostic's segmentIndex. */
  readonly index: number;
  readonly tag: string;
  /** The segment without its terminator. */
  readonly text: string;
}

/** A finding as the API gives it: document diagnostics carry segmentIndex; mapping findings a position in their set (ST = 1). */
export interface Finding {
  readonly code: string;
  readonly severity?: string;
  readonly segmentIndex?: number;
  readonly position?: number;
}

export interface SetView {
  /** 1-based, in document order. */
  readonly position: number;
  readonly status: string;
  readonly findings: readonly Finding[];
}

/** Statuses of a transaction set that mean it stopped on its findings. */
const STOPPED = new Set(['held', 'rejected', 'failed']);

/**
 * The element separator is ISA's 4th character; ISA16 follows the 16th element separator and the
 * segment terminator follows ISA16 (found by counting, so a short or long ISA still reads).
 */
export function delimitersOf(raw: string): { element: string; segment: string } | null {
  const start = raw.indexOf('ISA');
  if (start < 0 || raw.length < start + 4) return null;
  const element = raw[start + 3];
  let at = start + 3;
  for (let n = 1; n < 16; n++) {
    at = raw.indexOf(element, at + 1);
    if (at < 0) return null;
  }
  const segment = raw[at + 2];
  return segment === undefined ? null : { element, segment };
}

export function splitSegments(raw: string): RawSegment[] {
  const delimiters = delimitersOf(raw) ?? { element: '*', segment: '~' };
  const out: RawSegment[] = [];
  for (const piece of raw.split(delimiters.segment)) {
    // Line breaks after a terminator are common and not part of the next segment.
    const text = piece.replace(/^[\r\n]+/, '');
    if (text.trim() === '') continue;
    const end = text.indexOf(delimiters.element);
    out.push({ index: out.length, tag: end < 0 ? text : text.slice(0, end), text });
  }
  return out;
}

/**
 * Segment index → the codes of the findings pointing at it: the document's error diagnostics, and
 * the findings of every set that stopped on them (a set applied since keeps its old findings, which
 * no longer point at a failure).
 */
export function failingSegments(segments: readonly RawSegment[], diagnostics: readonly Finding[], sets: readonly SetView[]): Map<number, string[]> {
  const marks = new Map<number, string[]>();
  const mark = (index: number | undefined, code: string) => {
    if (index === undefined || index < 0 || index >= segments.length) return;
    marks.set(index, [...(marks.get(index) ?? []), code]);
  };
  for (const d of diagnostics) if (d.severity !== 'warning' && d.severity !== 'info') mark(d.segmentIndex, d.code);
  const stIndexes = segments.filter((s) => s.tag === 'ST').map((s) => s.index);
  for (const set of sets) {
    if (!STOPPED.has(set.status)) continue;
    const st = stIndexes[set.position - 1];
    for (const f of set.findings) {
      if (f.severity === 'warning' || f.severity === 'info') continue;
      if (typeof f.segmentIndex === 'number') mark(f.segmentIndex, f.code);
      else if (typeof f.position === 'number' && st !== undefined) mark(st + f.position - 1, f.code);
    }
  }
  return marks;
}

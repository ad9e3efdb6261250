import { Delimiters } from '../delimiters/delimiters';

/**
 * One segment as read from the input. It points into the text it was read from and cuts element
 * strings only when asked (PERFORMANCE.md: keep only what the caller reads).
 */
export class Segment {
  constructor(
    /** Segment identifier: `ISA`, `GS`, `BIA`, … */
    readonly tag: string,
    /** The text holding the segment (a chunk of the input, or the segment alone after clean-up). */
    private readonly text: string,
    /** Where the segment starts and ends in `text` (terminator excluded). */
    private readonly start: number,
    private readonly end: number,
    readonly delimiters: Delimiters,
    /** 0-based position of the segment in the whole input. */
    readonly index: number,
    /** Byte offset of the segment's first character in the input. */
    readonly offset: number,
    /** 1-based line of the segment's first character. */
    readonly line: number,
    /** The elements, when the tokenizer has already cut them. */
    private split: string[] | null = null,
  ) {}

  /** The segment text without terminator and without line breaks inside it. */
  get raw(): string {
    return this.text.substring(this.start, this.end);
  }

  /** All elements, with the identifier at index 0, so `elements[1]` is the first data element. */
  get elements(): readonly string[] {
    if (this.split === null) {
      // The identifier is already cut: start after it rather than cut it again.
      const after = this.start + this.tag.length;
      this.split = after < this.end ? cut(this.text, after + 1, this.end, this.delimiters.element, this.tag) : [this.tag];
    }
    return this.split;
  }

  /** Number of data elements present (trailing empty ones included). */
  get elementCount(): number {
    return this.elements.length - 1;
  }

  /** Element at 1-based `position`, or '' when absent. */
  element(position: number): string {
    return this.elements[position] ?? '';
  }

  /** Components of the element at `position` (a simple element is one component). */
  components(position: number): string[] {
    const value = this.element(position);
    const sep = this.delimiters.component;
    return sep === null ? [value] : cut(value, 0, value.length, sep);
  }

  /** Repetitions of the element at `position` (X12 005010 ISA11); one when the interchange has no repetition separator. */
  repetitions(position: number): string[] {
    const value = this.element(position);
    const sep = this.delimiters.repetition;
    return sep === null ? [value] : cut(value, 0, value.length, sep);
  }
}

/**
 * Where `cut` found separators. Numbers only, reused by every call: finding the separators first
 * lets the array be made at its final size, instead of grown from one slot by push (measured on
 * 846-1mb warm: 12 % fewer instructions per parse, bench/README.md).
 */
const separatorsFound = new Int32Array(64);

/** `text.slice(start, end).split(sep)` without the intermediate string: indexOf and substring only (about 2× faster than split). */
function cut(text: string, start: number, end: number, sep: string, first?: string): string[] {
  const found = separatorsFound;
  let n = 0;
  let at = text.indexOf(sep, start);
  while (at >= 0 && at < end) {
    if (n === found.length) return cutGrowing(text, start, end, sep, first);
    found[n++] = at;
    at = text.indexOf(sep, at + 1);
  }
  const before = first === undefined ? 0 : 1;
  const parts = new Array<string>(before + n + 1);
  if (first !== undefined) parts[0] = first;
  let from = start;
  for (let i = 0; i < n; i++) {
    parts[before + i] = text.substring(from, found[i]);
    from = found[i] + 1;
  }
  parts[before + n] = text.substring(from, end);
  return parts;
}

/** `cut` for a segment with more separators than `separatorsFound` holds: rare, so the array grows. */
function cutGrowing(text: string, start: number, end: number, sep: string, first?: string): string[] {
  const parts: string[] = first === undefined ? [] : [first];
  let from = start;
  let at = text.indexOf(sep, from);
  while (at >= 0 && at < end) {
    parts.push(text.substring(from, at));
    from = at + 1;
    at = text.indexOf(sep, from);
  }
  parts.push(text.substring(from, end));
  return parts;
}

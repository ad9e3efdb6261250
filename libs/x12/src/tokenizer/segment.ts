import { Delimiters } from '../delimiters/delimiters';

/**
 * One segment as read from the input. Element strings are made only when asked for
 * (PERFORMANCE.md: keep only what the caller reads); a segment holds its raw text and the
 * delimiters of its interchange.
 */
export class Segment {
  private split: string[] | null = null;

  constructor(
    /** Segment identifier: `ISA`, `GS`, `BIA`, … */
    readonly tag: string,
    /** The segment text without terminator and without line breaks inside it. */
    readonly raw: string,
    readonly delimiters: Delimiters,
    /** 0-based position of the segment in the whole input. */
    readonly index: number,
    /** Byte offset of the segment's first character in the input. */
    readonly offset: number,
    /** 1-based line of the segment's first character. */
    readonly line: number,
  ) {}

  /** All elements, with the identifier at index 0, so `elements[1]` is the first data element. */
  get elements(): readonly string[] {
    if (this.split === null) this.split = this.raw.split(this.delimiters.element);
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
    return sep === null ? [value] : value.split(sep);
  }

  /** Repetitions of the element at `position` (X12 005010 ISA11); one when the interchange has no repetition separator. */
  repetitions(position: number): string[] {
    const value = this.element(position);
    const sep = this.delimiters.repetition;
    return sep === null ? [value] : value.split(sep);
  }
}

import { detach } from '../text/detach';

/**
 * Interchanges from one sender usually repeat their ISA, and groups their GS, but for the control
 * number (ISA13, GS06). When a header repeats one of the last clean ones (headers that passed every
 * check) with only its control number changed, the parser takes over the values read from that one
 * and reads and checks the control number alone. In a file of 10,000 small interchanges, reading every
 * ISA and GS in full (cutting 24 elements, sharing each value, checking each field) was about a
 * fifth of the parse (bench/README.md). This class serves the ISA (compared as text, or known by the
 * tokenizer's shape); `RepeatedElements` below serves the GS.
 */
export class RepeatedHeader<T> {
  /** Most recent first. A few, not one: a file may alternate between partners or functional groups. */
  private readonly remembered: Remembered<T>[] = [];
  private matched: Remembered<T> | null = null;

  /** `position`: the control number's element position (13 for the ISA). */
  constructor(private readonly position: number) {}

  /**
   * The control number of `raw` when it repeats a remembered header outside that element, so that
   * header's `values` hold for it; otherwise null. `shape` is the tokenizer's
   * (`IsaShape`): a header remembered with the same shape repeats it without a comparison.
   */
  control(raw: string, separator: string, shape?: object): string | null {
    for (let i = 0; i < this.remembered.length; i++) {
      const known = this.remembered[i];
      if (shape !== undefined && known.shape === shape) return this.take(known, raw, separator);
      // `===` on cuts rather than startsWith/endsWith: those took 4 times as long here (bench/README.md).
      if (raw.substring(0, known.head.length) !== known.head) continue;
      const start = known.head.length;
      const end = controlEnd(raw, start, separator);
      if (raw.length - end !== known.tail.length || raw.substring(end) !== known.tail) continue;
      // The tokenizer may have forgotten the shape this header was remembered with: take the new one.
      if (shape !== undefined) known.shape = shape;
      this.matched = known;
      return raw.substring(start, end);
    }
    return null;
  }

  /** The control number of `raw`, known to repeat `known` but for it. */
  private take(known: Remembered<T>, raw: string, separator: string): string {
    this.matched = known;
    const start = known.head.length;
    return raw.substring(start, controlEnd(raw, start, separator));
  }

  /** The values read from the header `control` last matched. */
  get values(): T {
    return (this.matched as Remembered<T>).values;
  }

  /** Remembers a header that passed every check, and the values read from it. */
  remember(raw: string, separator: string, values: T, shape?: object): void {
    let start = -1;
    for (let n = 0; n < this.position; n++) {
      start = raw.indexOf(separator, start + 1);
      if (start < 0) return;
    }
    const end = raw.indexOf(separator, start + 1);
    if (this.remembered.length === REMEMBERED) this.remembered.pop();
    this.remembered.unshift({ head: detach(raw.substring(0, start + 1)), tail: end < 0 ? '' : detach(raw.substring(end)), values, shape });
  }
}

/** Where the control number that starts at `start` ends: at the next separator, or the end of `raw`. */
function controlEnd(raw: string, start: number, separator: string): number {
  const found = raw.indexOf(separator, start);
  return found < 0 ? raw.length : found;
}

/** Headers remembered at once. */
const REMEMBERED = 4;

interface Remembered<T> {
  /** The header up to its control number, and from the control number's end. */
  readonly head: string;
  readonly tail: string;
  readonly values: T;
  /** The tokenizer's shape of the header (`IsaShape`), when it gave one. */
  shape: object | undefined;
}

/**
 * `RepeatedHeader` for a header compared element by element (the GS): its elements are short, and
 * `===` on strings under 13 characters runs inside V8's builtin, where one comparison of a cut of the
 * text (a view of the chunk, 13 characters or more) took a runtime call. In a file of 10,000 small
 * interchanges that comparison was about 2 % of the parse (bench/README.md).
 */
export class RepeatedElements<T> {
  private readonly remembered: RememberedElements<T>[] = [];
  private matched: RememberedElements<T> | null = null;

  /** `position`: the control number's element position (6 for GS). */
  constructor(private readonly position: number) {}

  /** The control number of `elements` (identifier first) when they repeat a remembered header's but for it, in the same context; otherwise null. */
  control(elements: readonly string[], context: string | null): string | null {
    for (let i = 0; i < this.remembered.length; i++) {
      const known = this.remembered[i];
      if (context !== known.context || elements.length !== known.elements.length || !this.sameBesideControl(elements, known.elements)) continue;
      this.matched = known;
      return elements[this.position];
    }
    return null;
  }

  /** The values read from the header `control` last matched. */
  get values(): T {
    return (this.matched as RememberedElements<T>).values;
  }

  /** Remembers a header that passed every check, and the values read from it. */
  remember(elements: readonly string[], context: string | null, values: T): void {
    if (elements.length <= this.position) return;
    if (this.remembered.length === REMEMBERED) this.remembered.pop();
    this.remembered.unshift({ elements: elements.map(detach), context, values });
  }

  private sameBesideControl(elements: readonly string[], known: readonly string[]): boolean {
    for (let i = 0; i < known.length; i++) if (i !== this.position && elements[i] !== known[i]) return false;
    return true;
  }
}

interface RememberedElements<T> {
  readonly elements: readonly string[];
  readonly context: string | null;
  readonly values: T;
}

import { createReadStream, readFileSync } from 'fs';
import { InterchangeEnvelope, parseX12, Segment, X12Parser } from '@tradewire/x12';
import type { X12FatInterchange, X12Interchange } from 'node-x12';

/**
 * The parsers the benchmark compares. Each reads one file and touches every element of every
 * segment it hands out (count and length into a checksum), so all do the same work for the caller.
 */

/** What one parse saw: for cross-checking parsers against each other, not for timing. */
export interface ParseCount {
  readonly segments: number;
  /** Elements read (count plus total length); only guards against work being optimised away. */
  readonly checksum: number;
  /** Diagnostics reported by our parser: 0 means the file parsed clean. */
  readonly diagnostics?: number;
}

export type ParserRunner = (file: string) => Promise<ParseCount>;

/** Chunk size of every streaming parser (fs.createReadStream highWaterMark). */
export const CHUNK_BYTES = 64 * 1024;

/** Feeds the file to `push` in 64 KiB Buffers. */
function streamFile(file: string, push: (chunk: Buffer) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const stream = createReadStream(file, { highWaterMark: CHUNK_BYTES });
    stream.on('data', (chunk) => push(chunk as Buffer));
    stream.on('end', resolve);
    stream.on('error', reject);
  });
}

/** Reads each segment's elements as a caller of `onSegment` would. A class, not closures over locals (PERFORMANCE.md). */
export class ElementReader {
  checksum = 0;
  interchanges = 0;
  transactionSets = 0;

  /** What a streaming caller reads of each finished interchange: its sets, counted. */
  readonly onInterchange = (interchange: InterchangeEnvelope): void => {
    this.interchanges++;
    for (const group of interchange.groups) this.transactionSets += group.transactions.length;
  };

  readonly onSegment = (segment: Segment): void => {
    const elements = segment.elements;
    let sum = elements.length;
    for (let i = 0; i < elements.length; i++) sum += elements[i].length;
    this.checksum += sum;
  };
}

/** The streaming use: envelopes handed to `onInterchange` as they end, none kept on the result. */
const tradewireStream: ParserRunner = async (file) => {
  const reader = new ElementReader();
  const parser = new X12Parser({ onSegment: reader.onSegment, onInterchange: reader.onInterchange, keepEnvelopes: false });
  await streamFile(file, (chunk) => parser.push(chunk));
  const result = parser.end();
  return { segments: result.segmentCount, checksum: reader.checksum, diagnostics: result.diagnostics.length };
};

const tradewireInMemory: ParserRunner = async (file) => {
  const reader = new ElementReader();
  const result = parseX12(readFileSync(file), { onSegment: reader.onSegment });
  return { segments: result.segmentCount, checksum: reader.checksum, diagnostics: result.diagnostics.length };
};

/** node-x12 1.7.1, the reference: whole file as a string, strict mode (throws on count mismatches). */
function nodeX12(): ParserRunner {
  // Loaded when the child starts, before any timing, and only in the child that measures it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { X12Parser: NodeX12Parser } = require('node-x12') as typeof import('node-x12');
  return async (file) => {
    const result = new NodeX12Parser(true).parse(readFileSync(file, 'utf8'));
    return { segments: countNodeX12Segments(result), checksum: 0 };
  };
}

function countNodeX12Segments(result: X12Interchange | X12FatInterchange): number {
  const interchanges: X12Interchange[] = 'interchanges' in result ? result.interchanges : [result];
  let n = 0;
  for (const ic of interchanges) {
    n += 2;
    for (const group of ic.functionalGroups) {
      n += 2;
      for (const tx of group.transactions) n += 2 + tx.segments.length;
    }
  }
  return n;
}

const LF = 10;
const CR = 13;

/**
 * Base of the plain tokenizers: no envelope logic, no diagnostics, keeps nothing but the
 * unfinished tail. Delimiters come from the first ISA (element separator at offset 3, terminator
 * at offset 105) so the scan itself compares against constants.
 */
abstract class PlainTokenizer {
  segments = 0;
  checksum = 0;
  protected element = 0;
  protected terminator = 0;
  private tail = '';

  push(chunk: Buffer): void {
    const text = this.tail.length === 0 ? chunk.toString('latin1') : this.tail + chunk.toString('latin1');
    if (this.terminator === 0) {
      if (text.length < 106) {
        this.tail = text;
        return;
      }
      this.element = text.charCodeAt(3);
      this.terminator = text.charCodeAt(105);
    }
    this.tail = text.substring(this.scan(text));
  }

  end(): void {
    // An unterminated last segment still counts; a trailing line break does not.
    if (this.tail.trim().length > 0) this.scan(this.tail + String.fromCharCode(this.terminator));
    this.tail = '';
  }

  /** Reads every complete segment of `text`; returns where the unfinished one starts. */
  protected abstract scan(text: string): number;
}

/** Variant A: `indexOf` finds the terminator and each separator; elements cut straight from the chunk text. */
class IndexOfTokenizer extends PlainTokenizer {
  protected scan(text: string): number {
    const term = String.fromCharCode(this.terminator);
    const sep = String.fromCharCode(this.element);
    const len = text.length;
    let pos = 0;
    let checksum = this.checksum;
    let segments = this.segments;
    for (;;) {
      while (pos < len) {
        const c = text.charCodeAt(pos);
        if (c !== LF && c !== CR) break;
        pos++;
      }
      const end = text.indexOf(term, pos);
      if (end < 0) break;
      let start = pos;
      let next = text.indexOf(sep, start);
      while (next >= 0 && next < end) {
        checksum += 1 + text.substring(start, next).length;
        start = next + 1;
        next = text.indexOf(sep, start);
      }
      checksum += 1 + text.substring(start, end).length;
      segments++;
      pos = end + 1;
    }
    this.checksum = checksum;
    this.segments = segments;
    return pos;
  }
}

/** Variant B: one `charCodeAt` loop over the chunk, `substring` per element. */
class CharCodeTokenizer extends PlainTokenizer {
  protected scan(text: string): number {
    const term = this.terminator;
    const sep = this.element;
    const len = text.length;
    let checksum = this.checksum;
    let segments = this.segments;
    let segmentStart = 0;
    // The previous chunk may have ended between a terminator and its line break.
    while (segmentStart < len && (text.charCodeAt(segmentStart) === LF || text.charCodeAt(segmentStart) === CR)) segmentStart++;
    let start = segmentStart;
    // Counted when the terminator comes: an unfinished segment is read again with the next chunk.
    let sum = 0;
    for (let i = segmentStart; i < len; i++) {
      const c = text.charCodeAt(i);
      if (c === sep) {
        sum += 1 + text.substring(start, i).length;
        start = i + 1;
      } else if (c === term) {
        checksum += sum + 1 + text.substring(start, i).length;
        sum = 0;
        segments++;
        while (i + 1 < len && (text.charCodeAt(i + 1) === LF || text.charCodeAt(i + 1) === CR)) i++;
        start = segmentStart = i + 1;
      }
    }
    this.checksum = checksum;
    this.segments = segments;
    return segmentStart;
  }
}

/** Variant D: `indexOf` finds the terminator, a `charCodeAt` loop finds the separators inside the segment. */
class HybridTokenizer extends PlainTokenizer {
  protected scan(text: string): number {
    const term = String.fromCharCode(this.terminator);
    const sep = this.element;
    const len = text.length;
    let pos = 0;
    let checksum = this.checksum;
    let segments = this.segments;
    for (;;) {
      while (pos < len) {
        const c = text.charCodeAt(pos);
        if (c !== LF && c !== CR) break;
        pos++;
      }
      const end = text.indexOf(term, pos);
      if (end < 0) break;
      let start = pos;
      for (let i = pos; i < end; i++) {
        if (text.charCodeAt(i) === sep) {
          checksum += 1 + text.substring(start, i).length;
          start = i + 1;
        }
      }
      checksum += 1 + text.substring(start, end).length;
      segments++;
      pos = end + 1;
    }
    this.checksum = checksum;
    this.segments = segments;
    return pos;
  }
}

/** Variant C: segment string with `substring`, elements with `split`, as most hand-written parsers do. */
class SplitTokenizer extends PlainTokenizer {
  protected scan(text: string): number {
    const term = String.fromCharCode(this.terminator);
    const sep = String.fromCharCode(this.element);
    const len = text.length;
    let pos = 0;
    for (;;) {
      while (pos < len) {
        const c = text.charCodeAt(pos);
        if (c !== LF && c !== CR) break;
        pos++;
      }
      const end = text.indexOf(term, pos);
      if (end < 0) break;
      const elements = text.substring(pos, end).split(sep);
      let sum = elements.length;
      for (let i = 0; i < elements.length; i++) sum += elements[i].length;
      this.checksum += sum;
      this.segments++;
      pos = end + 1;
    }
    return pos;
  }
}

/**
 * Variant E: one loop over the chunk's bytes (a Uint8Array) finds terminators and separators; element
 * strings are cut from the chunk decoded once as latin1 (one character per byte, so positions agree).
 * Element loads from a typed array are plain memory reads, where `charCodeAt` on a string checks the
 * string's representation and `indexOf` pays a builtin call per search.
 */
export class ByteTokenizer {
  segments = 0;
  checksum = 0;
  protected element = 0;
  protected terminator = 0;
  private tail: Buffer | null = null;

  push(chunk: Buffer): void {
    const bytes = this.tail === null ? chunk : Buffer.concat([this.tail, chunk]);
    if (this.terminator === 0) {
      if (bytes.length < 106) {
        this.tail = bytes;
        return;
      }
      this.element = bytes[3];
      this.terminator = bytes[105];
    }
    const stop = this.scan(bytes, bytes.toString('latin1'));
    this.tail = stop < bytes.length ? bytes.subarray(stop) : null;
  }

  end(): void {
    // An unterminated last segment still counts; a trailing line break does not.
    const rest = this.tail === null ? '' : this.tail.toString('latin1');
    if (rest.trim().length > 0) this.scan(Buffer.concat([this.tail as Buffer, Buffer.from([this.terminator])]), rest + String.fromCharCode(this.terminator));
    this.tail = null;
  }

  /** Reads every complete segment; returns where the unfinished one starts. */
  protected scan(bytes: Uint8Array, text: string): number {
    const term = this.terminator;
    const sep = this.element;
    const len = bytes.length;
    let checksum = this.checksum;
    let segments = this.segments;
    let i = 0;
    while (i < len && (bytes[i] === LF || bytes[i] === CR)) i++;
    let segmentStart = i;
    let start = i;
    // Counted when the terminator comes: an unfinished segment is read again with the next chunk.
    let sum = 0;
    for (; i < len; i++) {
      const c = bytes[i];
      if (c === sep) {
        sum += 1 + text.substring(start, i).length;
        start = i + 1;
      } else if (c === term) {
        checksum += sum + 1 + text.substring(start, i).length;
        sum = 0;
        segments++;
        while (i + 1 < len && (bytes[i + 1] === LF || bytes[i + 1] === CR)) i++;
        start = segmentStart = i + 1;
      }
    }
    this.checksum = checksum;
    this.segments = segments;
    return segmentStart;
  }
}

/** The consumer of `ArrayTokenizer`: reads each array as `ElementReader` reads a segment's elements. */
class ArrayReader {
  checksum = 0;

  take(elements: readonly string[]): void {
    let sum = elements.length;
    for (let i = 0; i < elements.length; i++) sum += elements[i].length;
    this.checksum += sum;
  }
}

/**
 * Variant F, not a bar but a floor: the byte loop of variant E delivering what a parser's caller
 * needs at least, each segment's elements in an array of their own (made at its final size from the
 * separator positions, as our tokenizer makes it), handed to a consumer. No segment object, no
 * envelope, no line or offset. What it loses against variant E is the cost of delivering elements
 * at all (bench/README.md, session 7).
 */
export class ArrayTokenizer extends ByteTokenizer {
  private readonly reader = new ArrayReader();
  private positions: Int32Array = new Int32Array(64);

  override end(): void {
    super.end();
    this.checksum += this.reader.checksum;
    this.reader.checksum = 0;
  }

  protected override scan(bytes: Uint8Array, text: string): number {
    const term = this.terminator;
    const sep = this.element;
    const len = bytes.length;
    const reader = this.reader;
    let positions = this.positions;
    let i = 0;
    while (i < len && (bytes[i] === LF || bytes[i] === CR)) i++;
    let segmentStart = i;
    let n = 0;
    for (; i < len; i++) {
      const c = bytes[i];
      if (c === sep) {
        if (n === positions.length) positions = this.grow();
        positions[n++] = i;
      } else if (c === term) {
        const elements = new Array<string>(n + 1);
        let from = segmentStart;
        for (let k = 0; k < n; k++) {
          elements[k] = text.substring(from, positions[k]);
          from = positions[k] + 1;
        }
        elements[n] = text.substring(from, i);
        reader.take(elements);
        this.segments++;
        n = 0;
        while (i + 1 < len && (bytes[i + 1] === LF || bytes[i + 1] === CR)) i++;
        segmentStart = i + 1;
      }
    }
    return segmentStart;
  }

  private grow(): Int32Array {
    const bigger = new Int32Array(this.positions.length * 2);
    bigger.set(this.positions);
    this.positions = bigger;
    return bigger;
  }
}

function plainRunner(create: () => PlainTokenizer | ByteTokenizer): () => ParserRunner {
  return () => async (file) => {
    const tokenizer = create();
    await streamFile(file, (chunk) => tokenizer.push(chunk));
    tokenizer.end();
    return { segments: tokenizer.segments, checksum: tokenizer.checksum };
  };
}

/**
 * Factories of the runners by name, called before timing starts. `baseline` (indexOf) and
 * `baseline-bytes` (a byte loop) are the fastest plain tokenizers measured on this machine, each on
 * some workloads (see bench/README.md); the other variants stay selectable with `--parsers`.
 */
export const PARSERS = {
  'tradewire-stream': () => tradewireStream,
  tradewire: () => tradewireInMemory,
  'node-x12': nodeX12,
  baseline: plainRunner(() => new IndexOfTokenizer()),
  'baseline-charcode': plainRunner(() => new CharCodeTokenizer()),
  'baseline-hybrid': plainRunner(() => new HybridTokenizer()),
  'baseline-split': plainRunner(() => new SplitTokenizer()),
  'baseline-bytes': plainRunner(() => new ByteTokenizer()),
  'baseline-arrays': plainRunner(() => new ArrayTokenizer()),
} satisfies Record<string, () => ParserRunner>;

export type ParserName = keyof typeof PARSERS;

/**
 * The parsers measured by default, in output order. Two plain tokenizers: neither is the faster on
 * every workload (bench/README.md), so the summary compares against the faster of them in each.
 */
export const DEFAULT_PARSERS: readonly ParserName[] = ['tradewire-stream', 'tradewire', 'node-x12', 'baseline', 'baseline-bytes'];

/** The plain tokenizers: the summary's bar is the fastest of those measured, per workload. */
export const PLAIN_PARSERS: readonly ParserName[] = ['baseline', 'baseline-bytes', 'baseline-charcode', 'baseline-hybrid', 'baseline-split', 'baseline-arrays'];

export function isParserName(name: string): name is ParserName {
  return Object.prototype.hasOwnProperty.call(PARSERS, name);
}

import { describeCharacter, Delimiters, isDataCharacter } from '../delimiters/delimiters';
import { detectIsaDelimiters, IsaShape, RecentIsas } from '../delimiters/detect-delimiters';
import { DiagnosticCode } from '../diagnostics/diagnostic-codes';
import { diagnostic, Diagnostic } from '../diagnostics/diagnostic';
import { Segment } from './segment';

/** Receives what the tokenizer reads. A class instance, not closures: the hot loop calls it per segment. */
export interface SegmentSink {
  onSegment(segment: Segment): void;
  onDiagnostic(diagnostic: Diagnostic): void;
  /**
   * Called just before an ISA's `onSegment` with its shape: the same object for every ISA equal to
   * it but for ISA13, as far as the tokenizer remembers (undefined when it cannot tell).
   */
  onIsaShape?(shape: IsaShape | undefined): void;
}

const LF = 10;
const CR = 13;
const I = 73;
const S = 83;
const A = 65;
const BOM = 0xfeff;
/** "No line break ahead": a small integer (V8 Smi) beyond any chunk length, so positions stay Smis. */
const NONE = 0x3fffffff;

/** What the slow path did: wait for more input, go on to the next segment, or leave the interchange loop. */
type Outcome = 0 | 1 | 2;
const NEED_MORE: Outcome = 0;
const NEXT: Outcome = 1;
const STATE_CHANGED: Outcome = 2;
/** How much of skipped junk a diagnostic quotes. */
const JUNK_SAMPLE = 20;
/** X12 segments are short; a megabyte without a terminator is not a segment. */
export const DEFAULT_MAX_SEGMENT_LENGTH = 1024 * 1024;
/** Pieces a long string is read in: as many characters as a stream chunk holds bytes. */
const STRING_PIECE = 64 * 1024;
/** "ST*846*0001" and its terminator come within this many characters, or it is not a transaction set header. */
const FRAGMENT_HEADER_LIMIT = 64;

export interface TokenizerOptions {
  /**
   * Cut every segment's elements while reading it, from the separators the scan found anyway, for a
   * caller that reads them all (the parser's `onSegment`). Otherwise a segment cuts them when asked.
   */
  readonly splitElements?: boolean;
}

export interface TokenizerLimits {
  /** Longest segment accepted, in bytes; longer ones are reported (SEGMENT_TOO_LONG) and skipped. */
  readonly maxSegmentLength?: number;
}

/** A run of skipped characters outside any interchange, reported once it ends. */
interface SkippedRun {
  readonly offset: number;
  readonly line: number;
  bytes: number;
  junk: boolean;
  reported: boolean;
  sample: string;
}

/**
 * The incremental engine: `push(chunk)` any number of times, then `end()`. Chunks are text in which
 * one character is one byte (decode Buffers as latin1), so offsets are byte offsets. Chunk
 * boundaries may fall anywhere, even inside the ISA or a delimiter: the result is the same.
 * Keeps only the unfinished tail of the input; memory does not grow with file size.
 */
export class SegmentTokenizer {
  private text = '';
  private pos = 0;
  /** Byte offset of text[0] in the whole input. */
  private base = 0;
  /** Line of text[pos]. */
  private line = 1;
  private index = 0;
  private delimiters: Delimiters | null = null;
  /** The last interchange's delimiters: the next one usually repeats them, and then shares the object. */
  private previousDelimiters: Delimiters | null = null;
  private readonly recentIsas = new RecentIsas();
  private inFragment = false;
  private breaksNoted = false;
  private sawInterchange = false;
  /**
   * The character codes of `text`, one per element: the chunk's own bytes when it came as bytes,
   * else the string encoded (see `codesOf`). The hot loop reads these: a load from a typed array is
   * a plain memory read, where `charCodeAt` checks the string's representation on every call.
   */
  private codes: Uint8Array | Uint16Array = EMPTY_CODES;
  /** Element separator positions of the segment being read, reused by every segment. */
  private separators: Int32Array = new Int32Array(64);
  private skipped: SkippedRun | null = null;
  private bomNoted = false;
  private ended = false;

  /** True while skipping the rest of an over-long segment, up to its terminator. */
  private discarding = false;

  constructor(
    private readonly sink: SegmentSink,
    private readonly limits: TokenizerLimits = {},
    options: TokenizerOptions = {},
  ) {
    this.splitAll = options.splitElements ?? false;
  }

  /** Cut every segment's elements as it is read (see `TokenizerOptions`). */
  private readonly splitAll: boolean;

  /**
   * Text in which one character is one byte (latin1). A long text is read in pieces, so that its
   * character codes are never held whole beside it (a 100 MB string would need 100 MB more).
   */
  push(chunk: string): void {
    if (this.ended) throw new Error('push() after end()');
    for (let at = 0; at < chunk.length; at += STRING_PIECE) {
      const text = this.joinTail(chunk.length <= STRING_PIECE ? chunk : chunk.slice(at, at + STRING_PIECE));
      this.take(text, codesOf(text));
    }
  }

  /** Bytes, read as latin1: one character per byte, so offsets are byte offsets. */
  pushBytes(chunk: Uint8Array): void {
    if (this.ended) throw new Error('push() after end()');
    if (this.pos >= this.text.length) {
      this.base += this.text.length;
      this.take(latin1(chunk), chunk);
      return;
    }
    const tail = this.text.substring(this.pos);
    // Characters beyond one byte can only come from an earlier string push: join as text then.
    if (BEYOND_LATIN1.test(tail)) return this.push(latin1(chunk));
    // The tail is encoded again from the text, not cut from the previous chunk's bytes: the caller
    // may have reused that buffer since. The joined bytes are ours, and decoded once.
    this.base += this.pos;
    const bytes = Buffer.concat([Buffer.from(tail, 'latin1'), chunk]);
    this.take(latin1(bytes), bytes);
  }

  /** The unfinished tail followed by `chunk`, as the new text; moves `base` past what was read. */
  private joinTail(chunk: string): string {
    if (this.pos >= this.text.length) {
      this.base += this.text.length;
      return chunk;
    }
    this.base += this.pos;
    // join, not +: `+` makes a cons string, and every indexOf and substring on it goes through the
    // indirection; join copies once into a flat string. Measured on 846-1mb warm: 6 % fewer
    // instructions per parse (bench/README.md).
    return [this.text.substring(this.pos), chunk].join('');
  }

  private take(text: string, codes: Uint8Array | Uint16Array): void {
    this.text = text;
    this.codes = codes;
    this.pos = 0;
    this.drain(false);
  }

  end(): void {
    if (this.ended) return;
    // The caller may have reused the last chunk's buffer since pushing it: read our own copy.
    if (this.pos < this.text.length) this.codes = codesOf(this.text);
    this.drain(true);
    this.ended = true;
    this.flushSkipped();
    this.text = '';
    this.codes = EMPTY_CODES;
  }

  private drain(final: boolean): void {
    for (;;) {
      if (this.discarding && !this.discardLongSegment()) return;
      const progressed = this.delimiters === null ? this.seekInterchange(final) : this.readSegments(final);
      if (!progressed) return;
    }
  }

  /**
   * Reads segments of the current interchange; true when the state changed (interchange ended, a new
   * ISA began, an over-long segment is being skipped). The hot loop: one pass over the character
   * codes finds the terminator and the element separators together, and anything unusual (no
   * terminator yet, a line break inside, too long, empty) goes to a slow path.
   */
  private readSegments(final: boolean): boolean {
    const d = this.delimiters as Delimiters;
    const term = d.segment.charCodeAt(0);
    const element = d.element.charCodeAt(0);
    const termIsLF = term === LF;
    const text = this.text;
    const codes = this.codes;
    const len = text.length;
    const base = this.base;
    const max = this.maxSegmentLength();
    const split = this.splitAll;
    let separators = this.separators;
    let pos = this.pos;
    let line = this.line;
    let changed = false;
    while (pos < len) {
      let c = codes[pos];
      while (c === LF || c === CR) {
        if (c === LF) line++;
        if (++pos >= len) break;
        c = codes[pos];
      }
      if (pos >= len) break;
      let end = pos;
      let n = 0;
      let lineBreak = false;
      for (; end < len; end++) {
        c = codes[end];
        if (c === term) break;
        if (c === element) {
          if (n === separators.length) {
            // Past the limit the segment is reported and skipped: stop recording its separators, or
            // a long run of them in a file parsed whole would grow this array to 4 bytes per byte.
            if (end - pos > max) break;
            separators = this.growSeparators();
          }
          separators[n++] = end;
        } else if (c <= CR && (c === LF || c === CR)) {
          lineBreak = true;
          break;
        }
      }
      if (lineBreak || end >= len || end === pos || end - pos > max) {
        this.pos = pos;
        this.line = line;
        const outcome = this.readUnusualSegment(final, text.indexOf(d.segment, pos));
        pos = this.pos;
        line = this.line;
        if (outcome === NEED_MORE) break;
        if (outcome === STATE_CHANGED) {
          changed = true;
          break;
        }
        continue;
      }
      const tag = text.substring(pos, n === 0 ? end : separators[0]);
      // The first character decides most comparisons: a string comparison per segment and tag
      // costs more (4 % of the instructions of a 846-1mb parse, bench/README.md).
      const first = codes[pos];
      if (first === I && tag === 'ISA') {
        // A new interchange before IEA: its delimiters may differ, so detect them afresh.
        this.delimiters = null;
        changed = true;
        break;
      }
      const elements = split ? cutAt(text, tag, separators, n, end) : null;
      this.sink.onSegment(new Segment(tag, text, pos, end, d, this.index++, base + pos, line, elements));
      pos = end + 1;
      if (termIsLF) line++;
      if ((first === I && tag === 'IEA') || (this.inFragment && tag === 'SE')) {
        this.delimiters = null;
        changed = true;
        break;
      }
    }
    this.pos = pos > len ? len : pos;
    this.line = line;
    return changed;
  }

  private growSeparators(): Int32Array {
    const bigger = new Int32Array(this.separators.length * 2);
    bigger.set(this.separators);
    this.separators = bigger;
    return bigger;
  }

  /** The slow path for one segment at `this.pos`; `found` is the terminator position (-1 when not yet in). */
  private readUnusualSegment(final: boolean, found: number): Outcome {
    const d = this.delimiters as Delimiters;
    const term = d.segment;
    const termIsLF = term === '\n';
    const text = this.text;
    const len = text.length;
    const pos = this.pos;
    let end = found;
    const unterminated = end < 0;
    if (unterminated) {
      if (!final && len - pos > this.maxSegmentLength()) {
        this.startDiscarding(pos);
        return STATE_CHANGED;
      }
      if (!final) return NEED_MORE;
      end = len;
    }
    if (end - pos > this.maxSegmentLength()) {
      this.reportTooLong(pos);
      this.line += countLineFeeds(text, pos, end);
      this.pos = end + 1;
      return NEXT;
    }
    const line = this.line;
    const raw = text.substring(pos, end);
    let source = raw;
    const lfAt = indexOrNone(text, '\n', pos);
    const crAt = indexOrNone(text, '\r', pos);
    if (lfAt < end || crAt < end) source = this.removeLineBreaks(raw, termIsLF && crAt === end - 1 && lfAt >= end);
    const wrapped = source.length > 0 && !raw.startsWith(source);
    if (source.length === 0) {
      this.note('EMPTY_SEGMENT', 'an empty segment (two terminators in a row) was skipped', pos, null, line);
      this.pos = end + 1;
      return NEXT;
    }
    const sep = source.indexOf(d.element);
    const tag = sep < 0 ? source : source.substring(0, sep);
    if (tag === 'ISA') {
      this.line = line;
      this.delimiters = null;
      return STATE_CHANGED;
    }
    if (wrapped && !this.breaksNoted) {
      this.breaksNoted = true;
      this.note('LINE_BREAKS_IN_SEGMENTS', 'line breaks inside segments were removed (first here); the file looks hard-wrapped', pos, tag, line);
    }
    if (unterminated && !termIsLF) this.note('SEGMENT_TERMINATOR_MISSING', `the last segment is not terminated by ${describeCharacter(term)}`, pos, tag, line);
    this.sink.onSegment(new Segment(tag, source, 0, source.length, d, this.index++, this.base + pos, line));
    this.pos = end + 1;
    if (termIsLF) this.line++;
    if (tag === 'IEA' || (this.inFragment && tag === 'SE')) {
      this.delimiters = null;
      return STATE_CHANGED;
    }
    return NEXT;
  }

  private maxSegmentLength(): number {
    return this.limits.maxSegmentLength ?? DEFAULT_MAX_SEGMENT_LENGTH;
  }

  /** A segment longer than the limit is reported and skipped, so no input can make the parser hold it whole. */
  private startDiscarding(pos: number): boolean {
    this.reportTooLong(pos);
    this.discarding = true;
    this.pos = pos;
    return true;
  }

  private reportTooLong(pos: number): void {
    const limit = this.maxSegmentLength();
    this.note('SEGMENT_TOO_LONG', `a segment runs over ${limit} bytes without a terminator; it was skipped`, pos, null, this.line);
  }

  /** Drops text up to and including the next terminator; false when more input is needed. */
  private discardLongSegment(): boolean {
    const term = (this.delimiters as Delimiters).segment;
    const end = this.text.indexOf(term, this.pos);
    const stop = end < 0 ? this.text.length : end + 1;
    this.line += countLineFeeds(this.text, this.pos, stop);
    this.pos = stop;
    if (end < 0) return false;
    this.discarding = false;
    return true;
  }

  /** 80-column wrapped files put line breaks inside segments; they are never data (X12.6 character sets). */
  private removeLineBreaks(raw: string, onlyTrailingCR: boolean): string {
    if (onlyTrailingCR) return raw.substring(0, raw.length - 1);
    let lineFeeds = 0;
    for (let i = raw.indexOf('\n'); i >= 0; i = raw.indexOf('\n', i + 1)) lineFeeds++;
    this.line += lineFeeds;
    return raw.replace(/[\r\n]+/g, '');
  }

  /** Between interchanges: skips blank lines and a BOM, finds the next ISA (or a bare ST). True when found. */
  private seekInterchange(final: boolean): boolean {
    const text = this.text;
    const len = text.length;
    let pos = this.pos;
    // Inside junk, whitespace is junk too: only the next "ISA" ends the run.
    if (this.skipped !== null && this.skipped.junk) {
      pos = this.skipJunk(pos, final);
      if (pos < 0) return false;
    }
    pos = this.skipWhitespace(pos, final);
    if (pos < 0) return false;
    if (len - pos < 3 && !final) {
      this.pos = pos;
      return false;
    }
    // Character codes, not startsWith: this runs once per interchange, and startsWith costs more here.
    if (text.charCodeAt(pos) === I && text.charCodeAt(pos + 1) === S && text.charCodeAt(pos + 2) === A) return this.openInterchange(pos, final);
    if (text.startsWith('ST', pos) && pos + 2 < len && !isDataCharacter(text.charCodeAt(pos + 2))) {
      return this.openFragment(pos, final);
    }
    this.startSkipping(pos, true);
    this.pos = pos;
    return true;
  }

  /** Skips whitespace and BOMs; returns the next position, or -1 when more input is needed. */
  private skipWhitespace(from: number, final: boolean): number {
    const text = this.text;
    let pos = from;
    while (pos < text.length) {
      const c = text.charCodeAt(pos);
      if (c === LF || c === CR || c === 32 || c === 9 || c === 0) {
        if (c === LF) this.line++;
        this.extendSkipped(pos, 1, c === LF);
        pos++;
      } else if (c === BOM || (c === 0xef && text.charCodeAt(pos + 1) === 0xbb && text.charCodeAt(pos + 2) === 0xbf)) {
        pos += this.skipBom(pos);
      } else if (c === 0xef && pos + 3 > text.length && !final) {
        break;
      } else {
        this.pos = pos;
        return pos;
      }
    }
    this.pos = pos;
    return -1;
  }

  private skipBom(pos: number): number {
    if (!this.bomNoted) {
      this.bomNoted = true;
      this.note('BOM_SKIPPED', 'a byte-order mark before ISA was skipped', pos);
    }
    return this.text.charCodeAt(pos) === BOM ? 1 : 3;
  }

  private extendSkipped(pos: number, bytes: number, lineFeed: boolean): void {
    if (this.skipped === null) {
      this.skipped = { offset: this.base + pos, line: this.line - (lineFeed ? 1 : 0), bytes: 0, junk: false, reported: false, sample: '' };
    }
    this.skipped.bytes += bytes;
  }

  private startSkipping(pos: number, junk: boolean, reported = false): void {
    this.flushSkipped();
    this.skipped = { offset: this.base + pos, line: this.line, bytes: 0, junk, reported, sample: '' };
  }

  /** Skips until the next "ISA"; returns its position, or -1 when more input is needed. */
  private skipJunk(pos: number, final: boolean): number {
    const text = this.text;
    const run = this.skipped as SkippedRun;
    const found = text.indexOf('ISA', pos);
    const stop = found >= 0 ? found : final ? text.length : Math.max(pos, text.length - 2);
    this.line += countLineFeeds(text, pos, stop);
    // The sample is the run's first bytes, however the chunks fell.
    if (run.sample.length < JUNK_SAMPLE) run.sample += text.substring(pos, Math.min(stop, pos + JUNK_SAMPLE - run.sample.length));
    run.bytes += stop - pos;
    this.pos = stop;
    if (found < 0) return -1;
    this.flushSkipped();
    return found;
  }

  private flushSkipped(): void {
    const run = this.skipped;
    this.skipped = null;
    if (run === null || run.reported) return;
    const at = { segment: null, segmentIndex: null, offset: run.offset, line: run.line };
    if (run.junk) {
      const sample = JSON.stringify(run.sample.replace(/[\r\n]+/g, ' '));
      this.sink.onDiagnostic(diagnostic('DATA_OUTSIDE_INTERCHANGE', `${run.bytes} bytes that are not an interchange were skipped, starting ${sample}`, at));
    } else if (!this.sawInterchange || run.bytes > 2) {
      // A line break after IEA is normal; blank lines, spaces, or anything before the first ISA are not.
      const where = this.sawInterchange ? 'between or after interchanges' : 'before ISA';
      this.sink.onDiagnostic(diagnostic('WHITESPACE_OUTSIDE_INTERCHANGE', `${run.bytes} blank or whitespace bytes ${where} were skipped`, at));
    }
  }

  private openInterchange(pos: number, final: boolean): boolean {
    const found = detectIsaDelimiters(this.text, pos, final, this.previousDelimiters, this.recentIsas);
    if (found.kind === 'more') {
      this.pos = pos;
      return false;
    }
    if (found.kind === 'error') {
      this.flushSkipped();
      this.note(found.code, found.message, pos, 'ISA');
      this.startSkipping(pos, true, true);
      this.pos = pos + 3;
      return true;
    }
    this.flushSkipped();
    this.sawInterchange = true;
    this.delimiters = found.delimiters;
    this.previousDelimiters = found.delimiters;
    this.inFragment = false;
    this.breaksNoted = found.notes.some((n) => n.code === 'LINE_BREAKS_IN_SEGMENTS');
    const line = this.line;
    for (const n of found.notes) this.note(n.code, n.message, pos, 'ISA');
    if (this.sink.onIsaShape !== undefined) this.sink.onIsaShape(found.shape);
    this.sink.onSegment(new Segment('ISA', found.raw, 0, found.raw.length, found.delimiters, this.index++, this.base + pos, line));
    this.line += found.lineFeeds;
    this.pos = found.end;
    return true;
  }

  /** A bare ST..SE without envelope: element separator after "ST", terminator the first other non-data character. */
  private openFragment(pos: number, final: boolean): boolean {
    const text = this.text;
    const element = text[pos + 2];
    let i = pos + 3;
    while (i < text.length && i - pos < FRAGMENT_HEADER_LIMIT && (isDataCharacter(text.charCodeAt(i)) || text[i] === element)) i++;
    if (i - pos >= FRAGMENT_HEADER_LIMIT) {
      this.startSkipping(pos, true);
      this.pos = pos + 2;
      return true;
    }
    if (i >= text.length && !final) {
      this.pos = pos;
      return false;
    }
    this.flushSkipped();
    this.sawInterchange = true;
    this.delimiters = { element, component: null, repetition: null, segment: i < text.length ? text[i] : '\n' };
    this.inFragment = true;
    this.breaksNoted = false;
    this.pos = pos;
    return true;
  }

  /** A finding at `pos`; inside an interchange it belongs to the segment being read (`this.index`). */
  private note(code: DiagnosticCode, message: string, pos: number, segment: string | null = null, line = this.line): void {
    const inSegment = segment !== null || this.delimiters !== null;
    this.sink.onDiagnostic(diagnostic(code, message, { segment, segmentIndex: inSegment ? this.index : null, offset: this.base + pos, line }));
  }
}

/**
 * The elements of the segment text[..end), its identifier `tag` first, cut at the `n` separator
 * positions the hot loop found: the array is made at its final size, and nothing is searched again.
 */
function cutAt(text: string, tag: string, separators: Int32Array, n: number, end: number): string[] {
  const parts = new Array<string>(n + 1);
  parts[0] = tag;
  for (let i = 1; i < n; i++) parts[i] = text.substring(separators[i - 1] + 1, separators[i]);
  if (n > 0) parts[n] = text.substring(separators[n - 1] + 1, end);
  return parts;
}

/** Character codes of `text`: its latin1 bytes, or, when a character is beyond one byte, every code as is. */
function codesOf(text: string): Uint8Array | Uint16Array {
  if (!BEYOND_LATIN1.test(text)) return Buffer.from(text, 'latin1');
  const codes = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i++) codes[i] = text.charCodeAt(i);
  return codes;
}

const BEYOND_LATIN1 = /[^\u0000-\u00ff]/;
const EMPTY_CODES = new Uint8Array(0);

function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

function indexOrNone(text: string, ch: string, from: number): number {
  const i = text.indexOf(ch, from);
  return i < 0 ? NONE : i;
}

function countLineFeeds(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

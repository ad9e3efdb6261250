import { describeCharacter, Delimiters, isDataCharacter } from '../delimiters/delimiters';
import { detectIsaDelimiters, RecentIsas } from '../delimiters/detect-delimiters';
import { DiagnosticCode } from '../diagnostics/diagnostic-codes';
import { diagnostic, Diagnostic } from '../diagnostics/diagnostic';
import { Segment } from './segment';

/** Receives what the tokenizer reads. A class instance, not closures: the hot loop calls it per segment. */
export interface SegmentSink {
  onSegment(segment: Segment): void;
  onDiagnostic(diagnostic: Diagnostic): void;
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
/** "ST*846*0001" and its terminator come within this many characters, or it is not a transaction set header. */
const FRAGMENT_HEADER_LIMIT = 64;

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
  private lfAt = -1;
  private crAt = -1;
  private skipped: SkippedRun | null = null;
  private bomNoted = false;
  private ended = false;

  /** True while skipping the rest of an over-long segment, up to its terminator. */
  private discarding = false;

  constructor(
    private readonly sink: SegmentSink,
    private readonly limits: TokenizerLimits = {},
  ) {}

  push(chunk: string): void {
    if (this.ended) throw new Error('push() after end()');
    if (this.pos >= this.text.length) {
      this.base += this.text.length;
      this.text = chunk;
    } else {
      this.base += this.pos;
      // join, not +: `+` makes a cons string, and every charCodeAt, indexOf and substring on it
      // goes through the indirection; join copies once into a flat string. Measured on 846-1mb
      // warm: 6 % fewer instructions per parse (bench/README.md).
      this.text = [this.text.substring(this.pos), chunk].join('');
    }
    this.pos = 0;
    this.lfAt = -1;
    this.crAt = -1;
    this.drain(false);
  }

  end(): void {
    if (this.ended) return;
    this.drain(true);
    this.ended = true;
    this.flushSkipped();
    this.text = '';
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
   * ISA began, an over-long segment is being skipped). The hot loop: state lives in locals, and
   * anything unusual (no terminator yet, line breaks inside, too long, empty) goes to a slow path.
   */
  private readSegments(final: boolean): boolean {
    const d = this.delimiters as Delimiters;
    const term = d.segment;
    const element = d.element;
    const elementCode = element.charCodeAt(0);
    const termIsLF = term === '\n';
    const text = this.text;
    const len = text.length;
    const base = this.base;
    const max = this.maxSegmentLength();
    let pos = this.pos;
    let line = this.line;
    let lfAt = this.lfAt;
    let crAt = this.crAt;
    let changed = false;
    while (pos < len) {
      let c = text.charCodeAt(pos);
      while (c === LF || c === CR) {
        if (c === LF) line++;
        if (++pos >= len) break;
        c = text.charCodeAt(pos);
      }
      if (pos >= len) break;
      const end = text.indexOf(term, pos);
      if (lfAt < pos) lfAt = indexOrNone(text, '\n', pos);
      if (crAt < pos) crAt = indexOrNone(text, '\r', pos);
      if (end <= pos || end - pos > max || lfAt < end || crAt < end) {
        this.pos = pos;
        this.line = line;
        this.lfAt = lfAt;
        this.crAt = crAt;
        const outcome = this.readUnusualSegment(final, end);
        pos = this.pos;
        line = this.line;
        lfAt = this.lfAt;
        crAt = this.crAt;
        if (outcome === NEED_MORE) break;
        if (outcome === STATE_CHANGED) {
          changed = true;
          break;
        }
        continue;
      }
      const tag = text.substring(pos, tagEnd(text, pos, end, element, elementCode));
      // The first character decides most comparisons: a string comparison per segment and tag
      // costs more (4 % of the instructions of a 846-1mb parse, bench/README.md).
      const first = text.charCodeAt(pos);
      if (first === I && tag === 'ISA') {
        // A new interchange before IEA: its delimiters may differ, so detect them afresh.
        this.delimiters = null;
        changed = true;
        break;
      }
      this.sink.onSegment(new Segment(tag, text, pos, end, d, this.index++, base + pos, line));
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
    this.lfAt = lfAt;
    this.crAt = crAt;
    return changed;
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
    if (this.lfAt < end || this.crAt < end) source = this.removeLineBreaks(raw, termIsLF && this.crAt === end - 1 && this.lfAt >= end);
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
 * Where the identifier of the segment `text[pos..end)` ends. Identifiers are two or three
 * characters, so two character tests usually answer without a search (a builtin call per segment).
 */
function tagEnd(text: string, pos: number, end: number, element: string, elementCode: number): number {
  const length = end - pos;
  if (length >= 2 && text.charCodeAt(pos + 1) !== elementCode) {
    if (length === 2 || text.charCodeAt(pos + 2) === elementCode) return pos + 2;
    if (length === 3 || text.charCodeAt(pos + 3) === elementCode) return pos + 3;
  }
  const sep = text.indexOf(element, pos);
  return sep < 0 || sep >= end ? end : sep;
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

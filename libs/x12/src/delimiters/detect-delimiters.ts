import { DiagnosticCode } from '../diagnostics/diagnostic-codes';
import { detach } from '../text/detach';
import { Delimiters, delimiterCollisions, describeCharacter, isDataCharacter, isLineBreak } from './delimiters';

/** A finding of the detector, located relative to the ISA start. */
export interface DetectionNote {
  readonly code: DiagnosticCode;
  readonly message: string;
}

export type IsaDetection =
  | { readonly kind: 'more' }
  | { readonly kind: 'error'; readonly code: DiagnosticCode; readonly message: string }
  | {
      readonly kind: 'ok';
      readonly delimiters: Delimiters;
      /** The ISA text without its terminator and without line breaks that wrapped it. */
      readonly raw: string;
      /** Index in the scanned text just after the segment terminator. */
      readonly end: number;
      /** Line feeds consumed inside the ISA (for line accounting). */
      readonly lineFeeds: number;
      readonly notes: readonly DetectionNote[];
      /**
       * For a standard ISA read with `RecentIsas`: an object shared by every ISA equal to this one
       * but for ISA13 (while remembered), so that later readers can tell without comparing again.
       */
      readonly shape?: IsaShape;
    };

/** Identity of a standard ISA's text outside ISA13 (see `RecentIsas`); nothing to read in it. */
export type IsaShape = object;

/** ISA is fixed width: 106 characters including the terminator (X12.5, ISA01..ISA16). */
export const ISA_LENGTH = 106;
/** Beyond this many characters without 16 element separators, the text is not an ISA. */
const ISA_SCAN_LIMIT = 400;
/** A terminator and the next envelope tag inside an ISA field: the ISA was cut short. */
const NEXT_SEGMENT_INSIDE = /[^0-9A-Za-z ](GS|ST|IEA|TA1)$/;
/** Characters after a candidate terminator needed to see whether a segment tag (GS, IEA, TA1, ST) follows. */
const NEXT_TAG_LOOKAHEAD = 5;
/** How far to look ahead on the line after the ISA when ISA16 might be missing. */
const LOOKAHEAD_LIMIT = 4096;

/**
 * Reads the delimiters from an ISA segment starting at `start` (which holds "ISA"). `previous`, the
 * delimiters of the interchange before, is returned as the same object when they are unchanged.
 * Real files are messy: ID fields may be short or long, the ISA may be hard-wrapped, ISA16 may be
 * missing. Recovers where the intent is unambiguous (with a note), refuses otherwise.
 * Returns `more` when the text ends before the answer is known and `final` is false.
 * `recent`, kept by the caller from one ISA to the next, lets a repeated standard ISA be read faster.
 */
export function detectIsaDelimiters(text: string, start: number, final: boolean, previous: Delimiters | null = null, recent: RecentIsas | null = null): IsaDetection {
  const standard = readStandardIsa(text, start, previous, recent);
  if (standard !== null) return standard;
  if (text.length - start < 4) return final ? truncated() : { kind: 'more' };
  const element = text[start + 3];
  if (isDataCharacter(element.charCodeAt(0)) || isLineBreak(element.charCodeAt(0))) {
    return { kind: 'error', code: 'ISA_INVALID', message: `the character after "ISA" is ${describeCharacter(element)}, which cannot be an element separator` };
  }
  const fields = scanIsaFields(text, start, element);
  if (fields.kind !== 'ok') return fields.kind === 'more' ? (final ? truncated() : fields) : fields;
  const overrun = fields.values.findIndex((v) => NEXT_SEGMENT_INSIDE.test(v));
  if (overrun >= 0) {
    return { kind: 'error', code: 'ISA_INVALID', message: `the ISA has fewer than 16 elements: ISA${String(overrun + 1).padStart(2, '0')} runs into the next segment` };
  }
  const tail = readIsa16AndTerminator(text, fields.after, final);
  if (tail.kind !== 'ok') return tail.kind === 'more' ? (final ? truncated() : tail) : tail;
  return assemble(element, fields, tail);
}

/** Where ISA01..ISA16 end in a standard ISA: the element separators, after "ISA" at offset 3. */
const ISA_SEPARATORS = [3, 6, 17, 20, 31, 34, 50, 53, 69, 76, 81, 83, 89, 99, 101, 103];
/** ISA11: the repetition separator from 00402 on, the code U before. */
const ISA11_AT = 82;
const NO_NOTES: readonly DetectionNote[] = [];

/**
 * The common case without the general scan: a 106-character ISA with every separator where X12.5
 * puts it, fields of letters, digits and spaces only (ISA11 aside), and a component separator and
 * terminator that are neither data nor line breaks. The general path would find the same result; it
 * cuts 15 field strings, tests them with a regex and joins them again: about 7 % of the time in a
 * profile of the 10,000-interchange benchmark (bench/README.md). Null when the ISA is not this shape.
 */
function readStandardIsa(text: string, start: number, previous: Delimiters | null, recent: RecentIsas | null): IsaDetection | null {
  // The general path wants a few characters after the terminator before it answers; so does this one.
  if (start + ISA_LENGTH + NEXT_TAG_LOOKAHEAD > text.length) return null;
  const repeated = recent === null ? null : recent.find(text, start);
  if (repeated !== null) return standardIsa(text, start, repeated.delimiters, repeated);
  const element = text.charCodeAt(start + 3);
  const component = text.charCodeAt(start + ISA_LENGTH - 2);
  const segment = text.charCodeAt(start + ISA_LENGTH - 1);
  if (!isDelimiterCandidate(element) || !isDelimiterCandidate(component) || !isDelimiterCandidate(segment)) return null;
  if (!hasStandardFields(text, start, element)) return null;
  const isa11 = text.charCodeAt(start + ISA11_AT);
  const repetition = text.substring(start + ISA11_AT + 2, start + ISA11_AT + 7) >= '00402' && !isDataCharacter(isa11) ? isa11 : -1;
  if (component === segment || element === segment || element === component || isa11 === segment || repetition === component) return null;
  const delimiters = sameOrNew(previous, element, component, repetition, segment);
  const shape = recent === null ? undefined : recent.remember(text, start, delimiters);
  return standardIsa(text, start, delimiters, shape);
}

function standardIsa(text: string, start: number, delimiters: Delimiters, shape?: IsaShape): IsaDetection {
  return { kind: 'ok', delimiters, raw: text.substring(start, start + ISA_LENGTH - 1), end: start + ISA_LENGTH, lineFeeds: 0, notes: NO_NOTES, shape };
}

/** ISA13: the field that changes from one interchange of a sender to the next. */
const ISA13_AT = 90;
const ISA13_END = 99;
/** Standard ISAs remembered: a few, as a file may alternate between partners. */
const RECENT_ISAS = 4;

interface RecentIsa {
  /** The ISA up to ISA13, and from ISA13's end through the terminator. */
  readonly head: string;
  readonly tail: string;
  readonly delimiters: Delimiters;
}

/**
 * The standard ISAs read last, most recent first. An interchange usually repeats one of them but for
 * ISA13, and is then read with two comparisons instead of a test of each of its 106 characters
 * (about 8 % of the parse of 10,000 small interchanges, bench/README.md). Kept by the tokenizer.
 */
export class RecentIsas {
  private readonly known: RecentIsa[] = [];

  /** The remembered ISA that the one at `start` repeats but for ISA13 (nine data characters); else null. */
  find(text: string, start: number): RecentIsa | null {
    for (let k = 0; k < this.known.length; k++) {
      const isa = this.known[k];
      // `===` on cuts: startsWith with an offset cost several times more here (bench/README.md).
      if (text.substring(start, start + ISA13_AT) !== isa.head || text.substring(start + ISA13_END, start + ISA_LENGTH) !== isa.tail) continue;
      for (let i = start + ISA13_AT; i < start + ISA13_END; i++) if (!isDataCharacter(text.charCodeAt(i))) return null;
      return isa;
    }
    return null;
  }

  /** Remembers the standard ISA at `start`; the entry is also its shape (see `IsaDetection`). */
  remember(text: string, start: number, delimiters: Delimiters): RecentIsa {
    if (this.known.length === RECENT_ISAS) this.known.pop();
    const head = detach(text.substring(start, start + ISA13_AT));
    const isa = { head, tail: detach(text.substring(start + ISA13_END, start + ISA_LENGTH)), delimiters };
    this.known.unshift(isa);
    return isa;
  }
}

function isDelimiterCandidate(code: number): boolean {
  return !isDataCharacter(code) && !isLineBreak(code);
}

/** Separators at the standard offsets, and nothing but data characters between them (ISA11 may be a delimiter). */
function hasStandardFields(text: string, start: number, element: number): boolean {
  let separator = 1;
  for (let i = 4; i < ISA_LENGTH - 2; i++) {
    const c = text.charCodeAt(start + i);
    if (i === ISA_SEPARATORS[separator]) {
      if (c !== element) return false;
      separator++;
    } else if (!isDataCharacter(c) && (i !== ISA11_AT || c === element || isLineBreak(c))) {
      return false;
    }
  }
  return true;
}

function sameOrNew(previous: Delimiters | null, element: number, component: number, repetition: number, segment: number): Delimiters {
  const e = String.fromCharCode(element);
  const c = String.fromCharCode(component);
  const r = repetition < 0 ? null : String.fromCharCode(repetition);
  const s = String.fromCharCode(segment);
  if (previous !== null && previous.element === e && previous.component === c && previous.repetition === r && previous.segment === s) return previous;
  return { element: e, component: c, repetition: r, segment: s };
}

function truncated(): IsaDetection {
  return { kind: 'error', code: 'ISA_TRUNCATED', message: 'the input ends before the ISA segment is complete' };
}

interface IsaFields {
  readonly kind: 'ok';
  /** ISA01..ISA15 values, line breaks removed. */
  readonly values: string[];
  /** Index just after the 16th element separator. */
  readonly after: number;
  readonly lineFeeds: number;
  readonly wrapped: boolean;
}

function scanIsaFields(text: string, start: number, element: string): IsaFields | { kind: 'more' } | { kind: 'error'; code: DiagnosticCode; message: string } {
  const values: string[] = [];
  let lineFeeds = 0;
  let wrapped = false;
  let from = start + 4;
  while (values.length < 15) {
    const at = text.indexOf(element, from);
    const limit = start + ISA_SCAN_LIMIT;
    if (at < 0 || at > limit) {
      if (at < 0 && text.length <= limit) return { kind: 'more' };
      return { kind: 'error', code: 'ISA_INVALID', message: `no 16 element separators (${describeCharacter(element)}) within ${ISA_SCAN_LIMIT} characters of ISA` };
    }
    let value = text.substring(from, at);
    // A hard-wrapped ISA has line breaks inside its fields; they are not data.
    if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
      wrapped = true;
      lineFeeds += value.split('\n').length - 1;
      value = value.replace(/[\r\n]/g, '');
    }
    values.push(value);
    from = at + 1;
  }
  return { kind: 'ok', values, after: from, lineFeeds, wrapped };
}

interface IsaTail {
  readonly kind: 'ok';
  readonly component: string | null;
  readonly segment: string;
  /** Index just after the terminator. */
  readonly end: number;
  readonly lineFeeds: number;
  readonly notes: DetectionNote[];
}

/**
 * After the 16th separator come ISA16 and the terminator. The hard case is "…*P*~" + LF: either
 * ISA16 is '~' and LF terminates segments, or ISA16 is missing and '~' terminates them. The next
 * line decides: if it ends with '~' too, '~' is the terminator.
 */
function readIsa16AndTerminator(text: string, at: number, final: boolean): IsaTail | { kind: 'more' } | { kind: 'error'; code: DiagnosticCode; message: string } {
  // ISA16, the terminator, and the next segment's first characters (to tell a missing ISA16) must be in.
  if (at + NEXT_TAG_LOOKAHEAD >= text.length && !final) return { kind: 'more' };
  const c1 = text[at];
  if (c1 === undefined) return { kind: 'more' };
  if (isLineBreak(c1.charCodeAt(0))) {
    const wrap = wrappedBeforeIsa16(text, at, final);
    if (wrap !== null) return wrap;
    // "…*P*" + LF: no ISA16, segments end at line breaks.
    const end = skipOneLineBreak(text, at);
    return { kind: 'ok', component: null, segment: c1, end, lineFeeds: text.slice(at, end).split('\n').length - 1, notes: [isa16Missing(c1)] };
  }
  const c2 = text[at + 1];
  if (c2 === undefined) {
    // The file is the ISA alone and ends with the ISA16 candidate: take it as the terminator.
    return { kind: 'ok', component: null, segment: c1, end: at + 1, lineFeeds: 0, notes: [isa16Missing(c1)] };
  }
  if (isLineBreak(c2.charCodeAt(0))) return disambiguateLineBreak(text, at, c1, c2, final);
  if (isDataCharacter(c2.charCodeAt(0)) && startsNextSegment(text, at + 1)) {
    return { kind: 'ok', component: null, segment: c1, end: at + 1, lineFeeds: 0, notes: [isa16Missing(c1)] };
  }
  if (isDataCharacter(c2.charCodeAt(0))) {
    return { kind: 'error', code: 'DELIMITER_INVALID', message: `the character after ISA16 is ${describeCharacter(c2)}, which cannot be a segment terminator` };
  }
  return { kind: 'ok', component: c1, segment: c2, end: at + 2, lineFeeds: 0, notes: [] };
}

function disambiguateLineBreak(text: string, at: number, c1: string, c2: string, final: boolean): IsaTail | { kind: 'more' } {
  let next = at + 1;
  let lineFeeds = 0;
  while (next < text.length && isLineBreak(text.charCodeAt(next))) {
    if (text[next] === '\n') lineFeeds++;
    next++;
  }
  if (next + NEXT_TAG_LOOKAHEAD >= text.length && !final) return { kind: 'more' };
  // 80-column wrap falling between ISA16 and the terminator: "…*>" LF "~GS*…".
  if (next < text.length && !isDataCharacter(text.charCodeAt(next)) && startsNextSegment(text, next + 1)) {
    return { kind: 'ok', component: c1, segment: text[next], end: next + 1, lineFeeds, notes: [] };
  }
  let lineEnd = next;
  while (lineEnd < text.length && !isLineBreak(text.charCodeAt(lineEnd)) && lineEnd - next < LOOKAHEAD_LIMIT) lineEnd++;
  if (lineEnd >= text.length && !final) return { kind: 'more' };
  if (lineEnd > next && text[lineEnd - 1] === c1) {
    return { kind: 'ok', component: null, segment: c1, end: at + 1, lineFeeds: 0, notes: [isa16Missing(c1)] };
  }
  return { kind: 'ok', component: c1, segment: c2, end: skipOneLineBreak(text, at + 1), lineFeeds: c2 === '\n' || text[at + 2] === '\n' ? 1 : 0, notes: [] };
}

/** 80-column wrap falling just before ISA16: "…*P*" LF ">~GS*…". Null when that is not the shape. */
function wrappedBeforeIsa16(text: string, at: number, final: boolean): IsaTail | { kind: 'more' } | null {
  let next = at;
  let lineFeeds = 0;
  while (next < text.length && isLineBreak(text.charCodeAt(next))) {
    if (text[next] === '\n') lineFeeds++;
    next++;
  }
  if (next + NEXT_TAG_LOOKAHEAD >= text.length && !final) return { kind: 'more' };
  const c1 = text.charCodeAt(next);
  const c2 = text.charCodeAt(next + 1);
  if (next + 1 < text.length && !isDataCharacter(c1) && !isLineBreak(c1) && !isDataCharacter(c2) && !isLineBreak(c2) && startsNextSegment(text, next + 2)) {
    return { kind: 'ok', component: text[next], segment: text[next + 1], end: next + 2, lineFeeds, notes: [] };
  }
  return null;
}

/**
 * An ISA with fewer than 16 elements makes the scan run on into the next segments; the sign is the
 * terminator found inside an ISA field, or a line break crossed when line breaks end segments.
 */
function isaTooShort(fields: IsaFields, terminator: string): string | null {
  const crossed = fields.values.findIndex((v) => v.includes(terminator));
  if (crossed >= 0) return `ISA${String(crossed + 1).padStart(2, '0')} contains the segment terminator ${describeCharacter(terminator)}: the ISA has fewer than 16 elements`;
  if (fields.wrapped && isLineBreak(terminator.charCodeAt(0))) return 'the ISA has fewer than 16 elements before its line break';
  return null;
}

/** A CR LF pair terminates one segment when the terminator is CR. */
function skipOneLineBreak(text: string, at: number): number {
  return text[at] === '\r' && text[at + 1] === '\n' ? at + 2 : at + 1;
}

function startsNextSegment(text: string, at: number): boolean {
  const two = text.slice(at, at + 3);
  return two.startsWith('GS') || two === 'IEA' || two === 'TA1' || two.startsWith('ST');
}

function isa16Missing(terminator: string): DetectionNote {
  return { code: 'ISA16_MISSING', message: `ISA16 is missing; reading ${describeCharacter(terminator)} as the segment terminator and no component separator` };
}

function assemble(element: string, fields: IsaFields, tail: IsaTail): IsaDetection {
  const notes: DetectionNote[] = [...tail.notes];
  const isa11 = fields.values[10];
  const isa12 = fields.values[11];
  // X12.5: ISA11 became the repetition separator in version 00402; before that it is the code 'U'.
  const repetition = isa12 >= '00402' && isa11.length === 1 && !isDataCharacter(isa11.charCodeAt(0)) ? isa11 : null;
  const delimiters: Delimiters = { element, component: tail.component, repetition, segment: tail.segment };
  const shortIsa = isaTooShort(fields, tail.segment);
  if (shortIsa !== null) return { kind: 'error', code: 'ISA_INVALID', message: shortIsa };
  const collisions = delimiterCollisions(delimiters);
  if (collisions.length > 0) return { kind: 'error', code: 'DELIMITER_INVALID', message: collisions.join('; ') };
  if (tail.component !== null && isDataCharacter(tail.component.charCodeAt(0))) {
    return { kind: 'error', code: 'DELIMITER_INVALID', message: `ISA16 ${describeCharacter(tail.component)} cannot be a component separator` };
  }
  const raw = 'ISA' + element + fields.values.join(element) + element + (tail.component ?? '');
  if (raw.length + 1 !== ISA_LENGTH) {
    notes.push({ code: 'ISA_LENGTH', message: `the ISA segment is ${raw.length + 1} characters long including its terminator; the standard fixes ${ISA_LENGTH}` });
  }
  if (fields.wrapped) {
    notes.push({ code: 'LINE_BREAKS_IN_SEGMENTS', message: 'line breaks inside the ISA segment were removed (hard-wrapped file)' });
  }
  return { kind: 'ok', delimiters, raw, end: tail.end, lineFeeds: fields.lineFeeds + tail.lineFeeds, notes };
}

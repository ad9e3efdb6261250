import { isDataCharacter } from '../delimiters/delimiters';
import { diagnostic, Diagnostic } from '../diagnostics/diagnostic';
import { DiagnosticCode } from '../diagnostics/diagnostic-codes';
import { Segment } from '../tokenizer/segment';
import { isValidCcyymmdd, isValidTime, isValidYymmdd } from './dates';

/** X12.5 fixed widths of ISA01..ISA16. */
export const ISA_WIDTHS = [2, 10, 2, 10, 2, 15, 2, 15, 6, 4, 1, 5, 9, 1, 1, 1] as const;

type Report = (code: DiagnosticCode, message: string, element?: number) => void;

function reporter(segment: Segment, into: Diagnostic[]): Report {
  return (code, message, element) =>
    into.push(diagnostic(code, message, { segment: segment.tag, segmentIndex: segment.index, offset: segment.offset, line: segment.line, element }));
}

/**
 * True when `value` is `min` to `max` characters of `0-9` (and, with `upper`, `A-Z`).
 * Character codes rather than regexes: these checks run for every ISA and GS.
 */
function isCode(value: string, min: number, max: number, upper = false): boolean {
  const n = value.length;
  if (n < min || n > max) return false;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (upper && c >= 65 && c <= 90))) return false;
  }
  return true;
}

/** `value.trim() === ''`, without making the trimmed string when the answer shows at the first printable character. */
function isBlank(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c > 32 && c < 127) return false;
    if (c !== 32) return value.trim() === '';
  }
  return true;
}

function isaName(position: number): string {
  return `ISA${String(position).padStart(2, '0')}`;
}

/** ISA field widths and values. Width problems are warnings (the intent is clear); bad values are errors. */
export function checkIsa(isa: Segment, into: Diagnostic[] = []): Diagnostic[] {
  const report = reporter(isa, into);
  const e = isa.elements;
  for (let i = 0; i < ISA_WIDTHS.length; i++) {
    const length = (e[i + 1] ?? '').length;
    if (i === 12 || i === 15 || length === ISA_WIDTHS[i]) continue;
    report('ISA_FIELD_WIDTH', `${isaName(i + 1)} is ${length} characters wide; the standard fixes ${ISA_WIDTHS[i]}`, i + 1);
  }
  reportIsaControl(isa.element(13), report);
  if (!isCode(isa.element(1), 2, 2)) report('ISA_FIELD_INVALID', `ISA01 "${isa.element(1)}" is not a two-digit authorization qualifier`, 1);
  const isa03 = isa.element(3);
  if (isa03 !== '00' && isa03 !== '01') report('ISA_FIELD_INVALID', `ISA03 "${isa03}" is not a security qualifier (00 or 01)`, 3);
  checkIsaParties(isa, report);
  if (!isValidYymmdd(isa.element(9))) report('ISA_DATE_INVALID', `ISA09 "${isa.element(9)}" is not a valid YYMMDD date`, 9);
  if (!isValidTime(isa.element(10), 4)) report('ISA_DATE_INVALID', `ISA10 "${isa.element(10)}" is not a valid HHMM time`, 10);
  if (!isCode(isa.element(12), 5, 5)) report('ISA_FIELD_INVALID', `ISA12 "${isa.element(12)}" is not a five-digit version number`, 12);
  checkIsa11(isa.element(11), isa.element(12), report);
  const isa14 = isa.element(14);
  if (isa14 !== '0' && isa14 !== '1') report('ISA_FIELD_INVALID', `ISA14 "${isa14}" must be 0 or 1 (acknowledgment requested)`, 14);
  const isa15 = isa.element(15);
  if (isa15 !== 'P' && isa15 !== 'T') report('ISA_FIELD_INVALID', `ISA15 "${isa15}" must be P (production) or T (test)`, 15);
  return into;
}

/** ISA13 alone: for an ISA that repeats a checked one but for its control number (repeated-header.ts). */
export function checkIsaControl(isa: Segment, control: string, into: Diagnostic[] = []): Diagnostic[] {
  if (!isCode(control, 9, 9)) reportIsaControl(control, reporter(isa, into));
  return into;
}

function reportIsaControl(control: string, report: Report): void {
  if (!isCode(control, 9, 9)) report('ISA_CONTROL_INVALID', `ISA13 "${control}" is not a nine-digit interchange control number`, 13);
}

/** ISA05/ISA07 qualifiers, then ISA06/ISA08 IDs of sender and receiver. */
function checkIsaParties(isa: Segment, report: Report): void {
  for (let position = 5; position <= 7; position += 2) {
    const qualifier = isa.element(position);
    if (!isCode(qualifier, 2, 2, true)) report('ISA_FIELD_INVALID', `ISA0${position} "${qualifier}" is not an interchange ID qualifier`, position);
  }
  for (let position = 6; position <= 8; position += 2) {
    if (isBlank(isa.element(position))) report('ISA_FIELD_INVALID', `ISA0${position} (interchange ID) is empty`, position);
  }
}

const GS_NAMES = ['functional identifier code', "application sender's code", "application receiver's code", 'date', 'time', 'group control number', 'responsible agency code', 'version'];

/** X12.5: before 00402 ISA11 is the code U; from 00402 on it is the repetition separator, never a letter or digit. */
function checkIsa11(isa11: string, isa12: string, report: Report): void {
  const delimiter = isa11.length === 1 && !isDataCharacter(isa11.charCodeAt(0));
  if (isa12 >= '00402' && !delimiter) report('ISA11_INVALID', `ISA11 "${isa11}" is not a repetition separator (version ${isa12}); elements are read without repetitions`, 11);
  if (isa12 < '00402' && isa11 !== 'U') report('ISA11_INVALID', `ISA11 "${isa11}" should be U (interchange control standards identifier) before version 00402`, 11);
}

/** GS elements, dates, control number, and its version against ISA12. */
export function checkGs(gs: Segment, isaVersion: string | null, into: Diagnostic[] = []): Diagnostic[] {
  const report = reporter(gs, into);
  for (let i = 0; i < GS_NAMES.length; i++) {
    if (gs.element(i + 1) === '') report('GS_ELEMENT_MISSING', `GS0${i + 1} (${GS_NAMES[i]}) is empty`, i + 1);
  }
  const date = gs.element(4);
  if (date !== '' && !isValidCcyymmdd(date)) report('GS_DATE_INVALID', `GS04 "${date}" is not a valid CCYYMMDD date`, 4);
  const time = gs.element(5);
  if (time !== '' && !isValidTime(time)) report('GS_TIME_INVALID', `GS05 "${time}" is not a valid HHMM[SS[D[D]]] time`, 5);
  reportGsControl(gs.element(6), report);
  const version = gs.element(8);
  checkVersions(version, isaVersion, report);
  return into;
}

/** GS06 alone: for a GS that repeats a checked one but for its control number (repeated-header.ts). */
export function checkGsControl(gs: Segment, control: string, into: Diagnostic[] = []): Diagnostic[] {
  if (control !== '' && isCode(control, 1, 9)) return into;
  const report = reporter(gs, into);
  if (control === '') report('GS_ELEMENT_MISSING', `GS06 (${GS_NAMES[5]}) is empty`, 6);
  reportGsControl(control, report);
  return into;
}

function reportGsControl(control: string, report: Report): void {
  if (control !== '' && !isCode(control, 1, 9)) report('GS_CONTROL_INVALID', `GS06 "${control}" is not a group control number of 1 to 9 digits`, 6);
}

/**
 * ISA12 versions the envelope segments, GS08 the group. "00400" envelopes around 004010 groups are
 * common and harmless (info); another major release (004 vs 005) usually means a wrong profile.
 */
function checkVersions(gs08: string, isa12: string | null, report: Report): void {
  if (isa12 === null || gs08.length < 5 || gs08.slice(0, 5) === isa12) return;
  const major = gs08.slice(0, 3) !== isa12.slice(0, 3);
  report(major ? 'VERSION_MISMATCH' : 'VERSION_DIFFERS', `GS08 "${gs08}" names version ${gs08.slice(0, 5)} but ISA12 is ${isa12}`, 8);
}

/** ST01/ST02 present, ST02 of standard length (AN 4/9). */
export function checkSt(st: Segment, into: Diagnostic[] = []): Diagnostic[] {
  const set = st.element(1);
  const length = st.element(2).length;
  // Checked once per transaction set: the common, valid case allocates nothing.
  if (set !== '' && length >= 4 && length <= 9) return into;
  const report = reporter(st, into);
  if (st.element(1) === '') report('ST_ELEMENT_MISSING', 'ST01 (transaction set identifier code) is empty', 1);
  const control = st.element(2);
  if (control === '') report('ST_ELEMENT_MISSING', 'ST02 (transaction set control number) is empty', 2);
  else if (control.length < 4 || control.length > 9) report('ST_CONTROL_INVALID', `ST02 "${control}" is ${control.length} characters; the standard allows 4 to 9`, 2);
  return into;
}

/** Control numbers match when they are the same text, or the same number written with other leading zeros. */
export function sameControl(a: string, b: string): boolean {
  return a === b || (/^[0-9]+$/.test(a) && /^[0-9]+$/.test(b) && Number(a) === Number(b));
}

/** A count element as a number, or null when it is not one. */
export function parseCount(value: string): number | null {
  const n = value.length;
  if (n < 1 || n > 10) return null;
  // Summed here rather than by Number(): a runtime call, three per small interchange (SE, GE, IEA).
  let count = 0;
  for (let i = 0; i < n; i++) {
    const digit = value.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return null;
    count = count * 10 + digit;
  }
  return count;
}

import { CompiledElement, CompiledSegment, SyntaxRule } from '../model/compiled-spec';
import { ELEMENT_ERROR, ElementErrorCode, ElementFinding, isValidCcyymmdd, isValidTime, isValidYymmdd, Segment } from '@tradewire/x12';

const NUMERIC = /^-?[0-9]+$/;
const DECIMAL = /^-?([0-9]+\.?[0-9]*|\.[0-9]+)([eE]-?[0-9]+)?$/;
/** X12.6 basic and extended character sets are printable; control characters are never data. */
const CONTROL = /[\x00-\x1f\x7f]/;

/** Checks a segment's elements against its definition: count, usage, repetitions, components, type, length, codes, syntax notes. */
export function validateElements(segment: Segment, def: CompiledSegment): ElementFinding[] {
  const found: ElementFinding[] = [];
  const count = segment.elementCount;
  if (count > def.elements.length) {
    found.push({ position: def.elements.length + 1, ref: '', code: ELEMENT_ERROR.TOO_MANY_ELEMENTS, value: segment.element(def.elements.length + 1), message: `${def.id} has ${count} elements; the spec defines ${def.elements.length}` });
  }
  for (const el of def.elements) checkPosition(segment, el, found);
  checkSyntax(def.syntax, (p) => segment.element(p), (p) => def.elements[p - 1], def.id, found);
  return found;
}

function checkPosition(segment: Segment, el: CompiledElement, found: ElementFinding[]): void {
  const raw = segment.element(el.position);
  const id = `${segment.tag}${pad(el.position)}`;
  if (raw === '') {
    if (el.usage === 'M') found.push({ position: el.position, ref: el.ref, code: ELEMENT_ERROR.MANDATORY_MISSING, message: `${id} (${el.name}) is mandatory and missing` });
    return;
  }
  // ISA11 and ISA16 are the delimiters themselves: ISA fields are never split.
  const splits = segment.tag !== 'ISA' && segment.delimiters.repetition !== null;
  const reps = splits && (el.repeat > 1 || raw.includes(segment.delimiters.repetition as string)) ? raw.split(segment.delimiters.repetition as string) : [raw];
  if (reps.length > el.repeat) {
    found.push({ position: el.position, ref: el.ref, code: ELEMENT_ERROR.TOO_MANY_REPETITIONS, value: raw, message: `${id} repeats ${reps.length} times; at most ${el.repeat} allowed` });
  }
  reps.forEach((value, r) => {
    const repetition = el.repeat > 1 ? r + 1 : undefined;
    if (el.components !== undefined) checkComposite(segment, el, value, repetition, found);
    else checkValue(el, value, { position: el.position, repetition }, id, found);
  });
}

function checkComposite(segment: Segment, el: CompiledElement, value: string, repetition: number | undefined, found: ElementFinding[]): void {
  const components = segment.delimiters.component === null ? [value] : value.split(segment.delimiters.component);
  const defs = el.components as readonly CompiledElement[];
  const id = `${segment.tag}${pad(el.position)}`;
  if (components.length > defs.length) {
    found.push({ position: el.position, repetition, ref: el.ref, code: ELEMENT_ERROR.TOO_MANY_COMPONENTS, value, message: `${id} has ${components.length} components; ${el.ref} defines ${defs.length}` });
  }
  for (const c of defs) {
    const v = components[c.position - 1] ?? '';
    const cid = `${id}-${pad(c.position)}`;
    if (v === '') {
      if (c.usage === 'M') found.push({ position: el.position, component: c.position, repetition, ref: c.ref, code: ELEMENT_ERROR.MANDATORY_MISSING, message: `${cid} (${c.name}) is mandatory and missing` });
      continue;
    }
    checkValue(c, v, { position: el.position, component: c.position, repetition }, cid, found);
  }
  checkSyntax(el.syntax ?? [], (p) => components[p - 1] ?? '', (p) => defs[p - 1], id, found, { position: el.position, repetition });
}

interface Where {
  position: number;
  component?: number;
  repetition?: number;
}

function checkValue(el: CompiledElement, value: string, where: Where, id: string, found: ElementFinding[]): void {
  const add = (code: ElementErrorCode, message: string): void => {
    found.push({ ...where, ref: el.ref, code, value, message: `${id} "${value}" ${message}` });
  };
  if (CONTROL.test(value)) return add(ELEMENT_ERROR.INVALID_CHARACTER, 'contains a control character');
  const type = el.type ?? 'AN';
  const length = significantLength(type, value);
  if (type.startsWith('N') && !NUMERIC.test(value)) return add(ELEMENT_ERROR.INVALID_CHARACTER, `is not a number (${type})`);
  if (type === 'R' && !DECIMAL.test(value)) return add(ELEMENT_ERROR.INVALID_CHARACTER, 'is not a decimal number (R)');
  if (type === 'DT' && !(value.length === 8 ? isValidCcyymmdd(value) : value.length === 6 && isValidYymmdd(value))) return add(ELEMENT_ERROR.INVALID_DATE, 'is not a valid date');
  if (type === 'TM' && !isValidTime(value)) return add(ELEMENT_ERROR.INVALID_TIME, 'is not a valid time');
  if (el.min !== undefined && length < el.min) return add(ELEMENT_ERROR.TOO_SHORT, `is shorter than ${el.min}`);
  if (el.max !== undefined && length > el.max) return add(ELEMENT_ERROR.TOO_LONG, `is longer than ${el.max}`);
  if (el.codes !== undefined && !el.codes.has(value)) add(ELEMENT_ERROR.INVALID_CODE, `is not a valid code for ${el.ref} (${el.name})`);
}

/** X12.6: the sign and the decimal point do not count toward a numeric element's length. */
function significantLength(type: string, value: string): number {
  if (type === 'R' || type.startsWith('N')) return value.replace(/[-.]/g, '').replace(/[eE].*$/, '').length;
  return value.length;
}

/** X12.6 syntax notes: P paired, R required, E exclusion, C conditional, L list conditional. */
function checkSyntax(
  rules: readonly SyntaxRule[],
  valueAt: (position: number) => string,
  defAt: (position: number) => CompiledElement | undefined,
  id: string,
  found: ElementFinding[],
  composite?: { position: number; repetition?: number },
): void {
  const present = (p: number) => valueAt(p) !== '';
  const finding = (p: number, code: ElementErrorCode, message: string): ElementFinding => {
    const ref = defAt(p)?.ref ?? '';
    const value = present(p) ? { value: valueAt(p) } : {};
    if (composite === undefined) return { position: p, ref, code, ...value, message };
    return { position: composite.position, component: p, ...(composite.repetition === undefined ? {} : { repetition: composite.repetition }), ref, code, ...value, message };
  };
  for (const rule of rules) {
    const [first, ...rest] = rule.positions;
    const here = rule.positions.filter(present);
    // A missing mandatory element is already reported (code 1); the note adds nothing.
    const missing = (ps: readonly number[]) => ps.filter((p) => !present(p) && defAt(p)?.usage !== 'M');
    const note = `${id} syntax ${rule.text}`;
    switch (rule.type) {
      case 'P':
        if (here.length > 0) for (const p of missing(rule.positions)) found.push(finding(p, ELEMENT_ERROR.CONDITIONAL_REQUIRED_MISSING, `${note}: if any of ${list(rule)} is present, all are required`));
        break;
      case 'R':
        if (here.length === 0) found.push(finding(first, ELEMENT_ERROR.CONDITIONAL_REQUIRED_MISSING, `${note}: at least one of ${list(rule)} is required`));
        break;
      case 'E':
        for (const p of here.slice(1)) found.push(finding(p, ELEMENT_ERROR.EXCLUSION_VIOLATED, `${note}: only one of ${list(rule)} may be present`));
        break;
      case 'C':
        if (present(first)) for (const p of missing(rest)) found.push(finding(p, ELEMENT_ERROR.CONDITIONAL_REQUIRED_MISSING, `${note}: ${pad(first)} present requires ${rest.map(pad).join(', ')}`));
        break;
      case 'L':
        if (present(first) && rest.every((p) => !present(p))) found.push(finding(rest[0], ELEMENT_ERROR.CONDITIONAL_REQUIRED_MISSING, `${note}: ${pad(first)} present requires at least one of ${rest.map(pad).join(', ')}`));
        break;
    }
  }
}

function list(rule: SyntaxRule): string {
  return rule.positions.map(pad).join(', ');
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

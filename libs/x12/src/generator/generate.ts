import { DEFAULT_DELIMITERS, delimiterCollisions, Delimiters, describeCharacter, isDataCharacter } from '../delimiters/delimiters';
import { ElementValue, FunctionalGroupDocument, InterchangeDocument, SegmentData, TransactionSetDocument } from './document';

export type GenerateErrorCode = 'DELIMITER_IN_DATA' | 'FIELD_TOO_LONG' | 'FIELD_INVALID' | 'DELIMITER_INVALID' | 'REPETITION_UNSUPPORTED';

/** Thrown when the document cannot be written as asked. `path` says which value. */
export class GenerateError extends Error {
  constructor(readonly code: GenerateErrorCode, message: string, readonly path: string) {
    super(`${code}: ${message} (at ${path})`);
    this.name = 'GenerateError';
  }
}

export interface GenerateOptions {
  /** Delimiters to write with; `component` and `segment` are required here. Default `* : ^ ~`. */
  readonly delimiters?: Delimiters;
  /** Written after each segment terminator: '' (default), '\n' or '\r\n'. */
  readonly lineBreak?: '' | '\n' | '\r\n';
  /** Replaces delimiter characters found in data. Without it such data is an error. */
  readonly replacement?: string;
}

/** ISA fields padded to X12.5 fixed widths. */
const WIDTH = { authorization: 10, security: 10, id: 15 } as const;

/**
 * Writes interchanges as X12. Computes SE01, GE01 and IEA01, pads ISA fields, and takes control
 * numbers and dates from the document only, so the same document always gives the same bytes.
 */
export function generateX12(interchanges: InterchangeDocument | readonly InterchangeDocument[], options: GenerateOptions = {}): string {
  const list = Array.isArray(interchanges) ? (interchanges as readonly InterchangeDocument[]) : [interchanges as InterchangeDocument];
  return list.map((ic, i) => new Writer(ic, options, `interchanges[${i}]`).interchange()).join('');
}

class Writer {
  private readonly d: Delimiters;
  private readonly out: string[] = [];
  private readonly end: string;

  constructor(private readonly ic: InterchangeDocument, private readonly options: GenerateOptions, private readonly path: string) {
    const d = options.delimiters ?? DEFAULT_DELIMITERS;
    const repetition = ic.version >= '00402' ? d.repetition : null;
    this.d = { ...d, repetition };
    this.end = d.segment + (options.lineBreak ?? '');
    checkDelimiters(this.d, path);
  }

  interchange(): string {
    const ic = this.ic;
    const control = digits(ic.control, 9, `${this.path}.control`);
    this.out.push(this.isa(control));
    (ic.interchangeAcknowledgments ?? []).forEach((s, i) => this.segment(s, `${this.path}.interchangeAcknowledgments[${i}]`));
    ic.groups.forEach((g, i) => this.group(g, `${this.path}.groups[${i}]`));
    this.raw(['IEA', String(ic.groups.length), control]);
    return this.out.join('');
  }

  private isa(control: string): string {
    const ic = this.ic;
    const p = this.path;
    const fields = [
      fixed(ic.authorizationQualifier ?? '00', 2, `${p}.authorizationQualifier`),
      fixed(ic.authorization ?? '', WIDTH.authorization, `${p}.authorization`),
      fixed(ic.securityQualifier ?? '00', 2, `${p}.securityQualifier`),
      fixed(ic.security ?? '', WIDTH.security, `${p}.security`),
      fixed(ic.senderQualifier, 2, `${p}.senderQualifier`),
      fixed(ic.sender, WIDTH.id, `${p}.sender`),
      fixed(ic.receiverQualifier, 2, `${p}.receiverQualifier`),
      fixed(ic.receiver, WIDTH.id, `${p}.receiver`),
      pattern(ic.date, /^[0-9]{6}$/, 'YYMMDD', `${p}.date`),
      pattern(ic.time, /^[0-9]{4}$/, 'HHMM', `${p}.time`),
      this.d.repetition ?? 'U',
      pattern(ic.version, /^[0-9]{5}$/, 'five digits', `${p}.version`),
      control,
      ic.ackRequested ? '1' : '0',
      pattern(ic.usage, /^[PT]$/, 'P or T', `${p}.usage`),
      this.d.component ?? ':',
    ];
    // ISA11 and ISA16 are delimiters themselves; every other field is data.
    fields.forEach((f, i) => i !== 10 && i !== 15 && this.checkData(f, `${p} ISA${String(i + 1).padStart(2, '0')}`));
    return ['ISA', ...fields].join(this.d.element) + this.end;
  }

  private group(g: FunctionalGroupDocument, path: string): void {
    const control = digits(g.control, 1, `${path}.control`);
    this.segment(['GS', g.functionalId, g.sender, g.receiver, g.date, g.time, control, g.agency ?? 'X', g.version], path);
    g.transactions.forEach((t, i) => this.transaction(t, `${path}.transactions[${i}]`));
    this.raw(['GE', String(g.transactions.length), control]);
  }

  private transaction(t: TransactionSetDocument, path: string): void {
    const st: SegmentData = t.implementationReference ? ['ST', t.set, t.control, t.implementationReference] : ['ST', t.set, t.control];
    this.segment(st, path);
    t.segments.forEach((s, i) => this.segment(s, `${path}.segments[${i}]`));
    this.raw(['SE', String(t.segments.length + 2), t.control]);
  }

  private segment(s: SegmentData, path: string): void {
    const [tag, ...elements] = s;
    const written = elements.map((e, i) => this.element(e, `${path} ${tag}${String(i + 1).padStart(2, '0')}`));
    // X12.6: trailing empty elements are omitted, with their separators.
    while (written.length > 0 && written[written.length - 1] === '') written.pop();
    this.raw([tag, ...written]);
  }

  private element(value: ElementValue, path: string): string {
    if (typeof value === 'string') return this.checkData(value, path);
    if (value.length > 0 && typeof value[0] !== 'string') {
      if (this.d.repetition === null) throw new GenerateError('REPETITION_UNSUPPORTED', `version ${this.ic.version} has no repetition separator`, path);
      return (value as ReadonlyArray<readonly string[]>).map((c, i) => this.composite(c, `${path}[${i}]`)).join(this.d.repetition);
    }
    return this.composite(value as readonly string[], path);
  }

  private composite(components: readonly string[], path: string): string {
    const written = components.map((c, i) => this.checkData(c, `${path}-${i + 1}`));
    while (written.length > 0 && written[written.length - 1] === '') written.pop();
    return written.join(this.d.component ?? ':');
  }

  /** Data may not contain a delimiter or a line break; with `replacement` set, such characters are replaced. */
  private checkData(value: string, path: string): string {
    const d = this.d;
    let result = value;
    for (const ch of [d.element, d.component, d.repetition, d.segment, '\r', '\n']) {
      if (ch === null || !result.includes(ch)) continue;
      if (this.options.replacement === undefined) {
        throw new GenerateError('DELIMITER_IN_DATA', `${JSON.stringify(value)} contains the delimiter ${describeCharacter(ch)}`, path);
      }
      result = result.split(ch).join(this.options.replacement);
    }
    return result;
  }

  private raw(parts: readonly string[]): void {
    this.out.push(parts.join(this.d.element) + this.end);
  }
}

function checkDelimiters(d: Delimiters, path: string): void {
  const problems = delimiterCollisions(d);
  for (const [name, ch] of [['element', d.element], ['component', d.component], ['repetition', d.repetition], ['segment', d.segment]] as const) {
    if (ch !== null && (ch.length !== 1 || isDataCharacter(ch.charCodeAt(0)))) problems.push(`${name} separator ${describeCharacter(ch)} must be one non-alphanumeric character`);
  }
  if (problems.length > 0) throw new GenerateError('DELIMITER_INVALID', problems.join('; '), `${path}.delimiters`);
}

function fixed(value: string, width: number, path: string): string {
  if (value.length > width) throw new GenerateError('FIELD_TOO_LONG', `${JSON.stringify(value)} is longer than ${width} characters`, path);
  return value.padEnd(width, ' ');
}

function pattern(value: string, re: RegExp, expected: string, path: string): string {
  if (!re.test(value)) throw new GenerateError('FIELD_INVALID', `${JSON.stringify(value)} is not ${expected}`, path);
  return value;
}

function digits(value: string | number, width: number, path: string): string {
  const text = String(value);
  if (!/^[0-9]{1,9}$/.test(text)) throw new GenerateError('FIELD_INVALID', `control number ${JSON.stringify(text)} is not 1 to 9 digits`, path);
  return text.padStart(width, '0');
}

/** The four X12 delimiters of one interchange (X12.5 / X12.6). */
export interface Delimiters {
  /** Data element separator: the character at ISA offset 3. */
  readonly element: string;
  /** Component element separator (ISA16); null when the interchange does not name one. */
  readonly component: string | null;
  /** Repetition separator (ISA11 from version 00402 on); null before 00402 or when ISA11 is not a delimiter. */
  readonly repetition: string | null;
  /** Segment terminator: the character right after ISA16. */
  readonly segment: string;
}

/** Delimiters this project writes when a profile names none. */
export const DEFAULT_DELIMITERS: Delimiters = { element: '*', component: ':', repetition: '^', segment: '~' };

const CR = 13;
const LF = 10;

export function isLineBreak(code: number): boolean {
  return code === CR || code === LF;
}

/** Letters, digits and space can never be delimiters: they occur in data. */
export function isDataCharacter(code: number): boolean {
  return (
    (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 32
  );
}

/** Printable name of a delimiter for messages ("'~'", "LF"). */
export function describeCharacter(ch: string | null): string {
  if (ch === null) return 'none';
  if (ch === '\n') return 'LF';
  if (ch === '\r') return 'CR';
  if (ch === '\t') return 'TAB';
  return `'${ch}'`;
}

/** Names of delimiters that collide with one another, empty when all are distinct. */
export function delimiterCollisions(d: Delimiters): string[] {
  const e = d.element;
  const s = d.segment;
  const c = d.component;
  const r = d.repetition;
  if (e !== s && e !== c && e !== r && s !== c && s !== r && (c === null || c !== r)) return [];
  const named: Array<[string, string | null]> = [
    ['element separator', d.element],
    ['component separator', d.component],
    ['repetition separator', d.repetition],
    ['segment terminator', d.segment],
  ];
  const problems: string[] = [];
  for (let i = 0; i < named.length; i++) {
    for (let j = i + 1; j < named.length; j++) {
      if (named[i][1] !== null && named[i][1] === named[j][1]) {
        problems.push(`${named[i][0]} and ${named[j][0]} are both ${describeCharacter(named[i][1])}`);
      }
    }
  }
  return problems;
}

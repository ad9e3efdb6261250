import { ElementValue, SegmentData, TransactionSetDocument } from '@tradewire/x12';
import { CompiledElement, CompiledPlacement, CompiledSegment, CompiledSpec } from '../model/compiled-spec';

/**
 * Builds an example transaction set from a spec: `minimal` uses only what is mandatory, `maximal`
 * every segment and loop once with every element filled (exclusion notes respected). Values are
 * the first allowed code or a placeholder of the right type and length. Used to prove every spec
 * is consistent (both must validate clean) and to show onboarding staff what a guide asks for.
 */
export function exampleTransactionSet(spec: CompiledSpec, shape: 'minimal' | 'maximal', control = '0001'): TransactionSetDocument {
  const segments: SegmentData[] = [];
  walk(spec.structure, shape, segments);
  const body = segments.filter((s) => s[0] !== 'ST' && s[0] !== 'SE').map((s) => [...s] as [string, ...ElementValue[]]);
  makeConsistent(body, spec);
  return { set: spec.set, control, segments: body };
}

/** Makes the example satisfy the set's checks: one-level hierarchy, and totals that add up. */
function makeConsistent(body: Array<[string, ...ElementValue[]]>, spec: CompiledSpec): void {
  const count = (tag: string) => body.filter((s) => s[0] === tag).length;
  const sum = (tag: string, position: number) => body.filter((s) => s[0] === tag).reduce((acc, s) => acc + (Number(s[position]) || 0), 0);
  const set = (tag: string, position: number, value: string) => body.filter((s) => s[0] === tag).forEach((s) => (s[position] = value));
  if (spec.checks.includes('HL_HIERARCHY')) {
    body.filter((s) => s[0] === 'HL').forEach((s, i) => {
      s[1] = String(i + 1);
      s[2] = '';
      if (s.length > 4) s[4] = '0';
    });
    const bsn = body.find((s) => s[0] === 'BSN');
    if (bsn !== undefined && bsn.length > 5 && bsn[5] !== '') set('HL', 3, 'S');
  }
  const ctt = body.find((s) => s[0] === 'CTT');
  if (ctt !== undefined && spec.checks.includes('CTT_LINE_COUNT')) ctt[1] = String(count(spec.set === '856' ? 'HL' : 'LIN'));
  if (ctt !== undefined && spec.checks.includes('CTT_HASH_TOTAL') && ctt.length > 2 && ctt[2] !== '') ctt[2] = String(sum(spec.set === '856' ? 'SN1' : 'QTY', 2));
  if (spec.checks.includes('W76_TOTALS')) set('W76', 1, String(sum('W01', 1)));
  if (spec.checks.includes('W03_TOTALS')) set('W03', 1, String(sum('W12', 3)));
}

function walk(placements: readonly CompiledPlacement[], shape: 'minimal' | 'maximal', out: SegmentData[]): void {
  for (const p of placements) {
    if (shape === 'minimal' && p.usage !== 'M') continue;
    if (p.kind === 'segment') out.push(exampleSegment(p.segment, shape));
    else walk(p.children, shape, out);
  }
}

export function exampleSegment(def: CompiledSegment, shape: 'minimal' | 'maximal'): SegmentData {
  const values: ElementValue[] = def.elements.map((e) => (shape === 'maximal' || e.usage === 'M' ? exampleElement(e, shape) : ''));
  applySyntax(def.syntax, values, (p) => exampleElement(def.elements[p - 1], shape));
  return [def.id, ...values];
}

function exampleElement(e: CompiledElement, shape: 'minimal' | 'maximal'): ElementValue {
  if (e.components === undefined) return exampleValue(e);
  const components: ElementValue[] = e.components.map((c) => (shape === 'maximal' || c.usage === 'M' ? exampleValue(c) : ''));
  applySyntax(e.syntax ?? [], components, (p) => exampleValue((e.components as readonly CompiledElement[])[p - 1]));
  return components as string[];
}

/** Makes the values satisfy X12 syntax notes: fills what R, P, C and L require, blanks what E excludes. */
function applySyntax(rules: CompiledSegment['syntax'], values: ElementValue[], fill: (position: number) => ElementValue): void {
  const present = (p: number) => values[p - 1] !== '' && values[p - 1] !== undefined;
  const set = (p: number) => {
    if (!present(p)) values[p - 1] = fill(p);
  };
  for (const r of rules) {
    if (r.type === 'E') r.positions.slice(1).forEach((p) => (values[p - 1] = ''));
  }
  for (const r of rules) {
    const [first, ...rest] = r.positions;
    if (r.type === 'R' && !r.positions.some(present)) set(first);
    if (r.type === 'P' && r.positions.some(present)) r.positions.forEach(set);
    if (r.type === 'C' && present(first)) rest.forEach(set);
    if (r.type === 'L' && present(first) && !rest.some(present)) set(rest[0]);
  }
}

function exampleValue(e: CompiledElement): string {
  if (e.codes !== undefined && e.codes.size > 0) return [...e.codes][0];
  const min = Math.max(1, e.min ?? 1);
  switch (e.type) {
    case 'DT':
      return (e.max ?? 8) >= 8 ? '20261130' : '261130';
    case 'TM':
      return '0930'.padEnd(Math.max(4, min), '0');
    case 'R':
      return '1'.padEnd(min, '0');
    case 'ID':
      return 'X'.repeat(min);
    case 'AN':
    case undefined:
      return 'A'.repeat(min);
    default:
      return '1'.padEnd(min, '0');
  }
}

import { ELEMENT_ERROR, ElementFinding, Segment, SegmentFinding } from '@tradewire/x12';
import { CompiledSpec } from '../model/compiled-spec';
import { TransactionCheck } from '../model/spec';

/**
 * Set-specific consistency checks: control totals and the 856 hierarchy. X12 has no element error
 * code for "a total that does not add up"; these findings use 7 (invalid value), the closest one.
 */
export function runTransactionChecks(segments: readonly Segment[], spec: CompiledSpec): SegmentFinding[] {
  return spec.checks.flatMap((check) => CHECKS[check](segments, spec.set));
}

type Check = (segments: readonly Segment[], set: string) => SegmentFinding[];

/**
 * What CTT01 counts: LIN in an 846; in an 856 the standard's note says "the accumulation of the
 * number of HL segments", and CTT02 "the sum of the value of units shipped (SN102)".
 */
const LINE_SEGMENT: Record<string, string> = { '846': 'LIN', '856': 'HL' };
/** Which element CTT02 (hash total) sums: QTY02 in an 846, SN102 in an 856. */
const HASHED: Record<string, [string, number]> = { '846': ['QTY', 2], '856': ['SN1', 2] };
/** Element 347 (hash total) is at most 10 digits; the sum is truncated on the left (X12.6). */
const HASH_DIGITS = 10;

const CHECKS: Record<TransactionCheck, Check> = {
  CTT_LINE_COUNT: (segments, set) => {
    const ctt = segments.find((s) => s.tag === 'CTT');
    if (ctt === undefined) return [];
    const counted = LINE_SEGMENT[set] ?? 'LIN';
    const actual = segments.filter((s) => s.tag === counted).length;
    return Number(ctt.element(1)) === actual ? [] : [totalFinding(ctt, segments, 1, '354', `CTT01 says ${ctt.element(1)} line items; the set has ${actual} ${counted} segments`)];
  },
  CTT_HASH_TOTAL: (segments, set) => {
    const ctt = segments.find((s) => s.tag === 'CTT');
    if (ctt === undefined || ctt.element(2) === '' || HASHED[set] === undefined) return [];
    const [tag, position] = HASHED[set];
    const sum = hashTotal(segments.filter((s) => s.tag === tag).map((s) => s.element(position)));
    return BigInt(digitsOf(ctt.element(2)) || '0') === sum ? [] : [totalFinding(ctt, segments, 2, '347', `CTT02 hash total ${ctt.element(2)} differs from the sum of ${tag}0${position}, ${sum}`)];
  },
  W76_TOTALS: (segments) => quantityTotal(segments, 'W76', 1, '330', 'W01', 1),
  W03_TOTALS: (segments) => quantityTotal(segments, 'W03', 1, '382', 'W12', 3),
  HL_HIERARCHY: (segments) => checkHierarchy(segments),
};

/** X12.6 hash total: values summed without regard to decimal point or sign, truncated on the left. */
function hashTotal(values: readonly string[]): bigint {
  const sum = values.reduce((acc, v) => acc + BigInt(digitsOf(v) || '0'), 0n);
  return sum % 10n ** BigInt(HASH_DIGITS);
}

function digitsOf(value: string): string {
  return value.replace(/[^0-9]/g, '');
}

function quantityTotal(segments: readonly Segment[], totalTag: string, totalPosition: number, ref: string, lineTag: string, linePosition: number): SegmentFinding[] {
  const total = segments.find((s) => s.tag === totalTag);
  if (total === undefined || total.element(totalPosition) === '') return [];
  const sum = exactSum(segments.filter((s) => s.tag === lineTag).map((s) => s.element(linePosition)));
  if (sum !== null && exactSum([total.element(totalPosition)]) === sum) return [];
  const shown = sum === null ? 'something that is not a number' : formatScaled(sum);
  const message = `${totalTag}0${totalPosition} says ${total.element(totalPosition)}; the ${lineTag}0${linePosition} quantities add up to ${shown}`;
  return [totalFinding(total, segments, totalPosition, ref, message)];
}

/** Quantities are summed exactly (scaled integers), never as floats; null when one is not a number. */
const SCALE = 10n ** 6n;

function exactSum(values: readonly string[]): bigint | null {
  let sum = 0n;
  for (const v of values) {
    const m = /^(-?)(\d*)(?:\.(\d{1,6}))?$/.exec(v.trim());
    if (m === null || (m[2] === '' && m[3] === undefined)) return null;
    const units = BigInt(m[2] || '0') * SCALE + BigInt((m[3] ?? '').padEnd(6, '0') || '0');
    sum += m[1] === '-' ? -units : units;
  }
  return sum;
}

function formatScaled(units: bigint): string {
  const sign = units < 0n ? '-' : '';
  const abs = units < 0n ? -units : units;
  const fraction = (abs % SCALE).toString().padStart(6, '0').replace(/0+$/, '');
  return `${sign}${abs / SCALE}${fraction ? `.${fraction}` : ''}`;
}

/** BSN05 hierarchical structure codes whose level order we know: 0001 S-O-P-I, 0002 S-O-I-P, 0004 S-O-I. */
const LEVEL_ORDER: Record<string, string> = { '0001': 'SOPI', '0002': 'SOIP', '0004': 'SOI' };

/** HL01 numbered 1, 2, 3…; HL02 names an earlier HL; levels follow BSN05; HL04 says truly whether children follow. */
function checkHierarchy(segments: readonly Segment[]): SegmentFinding[] {
  const findings: SegmentFinding[] = [];
  const order = LEVEL_ORDER[segments.find((s) => s.tag === 'BSN')?.element(5) ?? ''];
  const levels = new Map<string, { level: string; hl: Segment; children: number }>();
  const hls = segments.filter((s) => s.tag === 'HL');
  hls.forEach((hl, i) => {
    const id = hl.element(1);
    const parent = hl.element(2);
    const level = hl.element(3);
    if (id !== String(i + 1)) findings.push(totalFinding(hl, segments, 1, '628', `HL01 is ${id}; HL segments are numbered 1, 2, 3… in order, so ${i + 1} was expected`));
    if (parent !== '') {
      const p = levels.get(parent);
      if (p === undefined) findings.push(totalFinding(hl, segments, 2, '734', `HL02 ${parent} names no earlier HL`));
      else {
        p.children++;
        if (order !== undefined && order.includes(level) && order.includes(p.level) && order.indexOf(level) <= order.indexOf(p.level)) {
          findings.push(totalFinding(hl, segments, 3, '735', `level ${level} cannot be a child of level ${p.level} in hierarchy ${order.split('').join('-')}`));
        }
      }
    } else if (order !== undefined && level !== order[0]) {
      findings.push(totalFinding(hl, segments, 3, '735', `the top HL has level ${level}; hierarchy ${order.split('').join('-')} starts at ${order[0]}`));
    }
    levels.set(id, { level, hl, children: 0 });
  });
  for (const { hl, children } of levels.values()) {
    const says = hl.element(4);
    if ((says === '1' && children === 0) || (says === '0' && children > 0)) {
      findings.push(totalFinding(hl, segments, 4, '736', `HL04 is ${says} but HL ${hl.element(1)} has ${children} child level(s)`));
    }
  }
  return findings;
}

function totalFinding(segment: Segment, segments: readonly Segment[], position: number, ref: string, message: string): SegmentFinding {
  const element: ElementFinding = { position, ref, code: ELEMENT_ERROR.INVALID_CODE, ...(segment.element(position) === '' ? {} : { value: segment.element(position) }), message };
  return {
    tag: segment.tag, position: segments.indexOf(segment) + 1, elements: [element], message,
    offset: segment.offset, line: segment.line, segmentIndex: segment.index,
  };
}

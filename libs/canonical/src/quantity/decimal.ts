/**
 * Exact decimal arithmetic for quantities: X12 sends quantities as decimal text (R, Nn), and stock
 * must never drift by floating-point error. Values are kept as canonical decimal strings
 * ("12", "2.5", "-3.125") and computed with BigInt at a fixed scale.
 */
const SCALE = 6;
const FACTOR = 10n ** BigInt(SCALE);
const DECIMAL = /^-?(\d+)(\.\d+)?$/;

export type DecimalString = string;

export function isDecimal(value: string): boolean {
  const m = DECIMAL.exec(value);
  return m !== null && (m[2] === undefined || m[2].length - 1 <= SCALE);
}

function toUnits(value: DecimalString): bigint {
  const m = DECIMAL.exec(value);
  if (m === null) throw new Error(`not a decimal: ${JSON.stringify(value)}`);
  const negative = value.startsWith('-');
  const fraction = (m[2] ?? '.').slice(1).padEnd(SCALE, '0');
  if (fraction.length > SCALE) throw new Error(`more than ${SCALE} decimals: ${value}`);
  const units = BigInt(m[1]) * FACTOR + BigInt(fraction);
  return negative ? -units : units;
}

function fromUnits(units: bigint): DecimalString {
  const negative = units < 0n;
  const abs = negative ? -units : units;
  const whole = abs / FACTOR;
  const fraction = (abs % FACTOR).toString().padStart(SCALE, '0').replace(/0+$/, '');
  const text = fraction === '' ? whole.toString() : `${whole}.${fraction}`;
  return negative && text !== '0' ? `-${text}` : text;
}

/** Canonical form: no leading zeros, no trailing fraction zeros ("012.50" → "12.5"). */
export function normalizeDecimal(value: string): DecimalString {
  return fromUnits(toUnits(value));
}

export function addDecimal(a: DecimalString, b: DecimalString): DecimalString {
  return fromUnits(toUnits(a) + toUnits(b));
}

export function subtractDecimal(a: DecimalString, b: DecimalString): DecimalString {
  return fromUnits(toUnits(a) - toUnits(b));
}

/** a × b, rounded toward zero at the sixth decimal (unit factors are exact in practice: CA → EA × 12). */
export function multiplyDecimal(a: DecimalString, b: DecimalString): DecimalString {
  return fromUnits((toUnits(a) * toUnits(b)) / FACTOR);
}

/** a ÷ b, rounded toward zero at the sixth decimal. */
export function divideDecimal(a: DecimalString, b: DecimalString): DecimalString {
  const divisor = toUnits(b);
  if (divisor === 0n) throw new Error('division by zero');
  return fromUnits((toUnits(a) * FACTOR) / divisor);
}

export function compareDecimal(a: DecimalString, b: DecimalString): -1 | 0 | 1 {
  const d = toUnits(a) - toUnits(b);
  return d === 0n ? 0 : d < 0n ? -1 : 1;
}

export function sumDecimals(values: readonly DecimalString[]): DecimalString {
  return fromUnits(values.reduce((acc, v) => acc + toUnits(v), 0n));
}

import { DecimalString, isDecimal, normalizeDecimal } from '@tradewire/canonical';

/**
 * Values as the outbound documents write them. X12 dates and times carry no time zone; like the
 * inbound side (context/x12-dates.ts) we write and read them as UTC.
 */

/** A quantity for an R element (X12.6: decimal point only when there is a fraction, no leading zeros). */
export function x12Quantity(value: string, where: string, problems: string[]): DecimalString {
  if (!isDecimal(value)) {
    problems.push(`${where}: quantity "${value}" is not a decimal number with at most 6 decimals`);
    return '0';
  }
  const quantity = normalizeDecimal(value);
  // Ordered, shipped and available quantities are never negative; a negative one is a bug upstream.
  if (quantity.startsWith('-')) problems.push(`${where}: quantity ${value} is negative`);
  return quantity;
}

/**
 * CCYYMMDD and a TM time (X12.6: HHMM, or HHMMSS when the seconds matter) of an ISO date-time, in
 * UTC. Writing the seconds only when they are not zero keeps documents short and loses nothing.
 */
export function x12Timestamp(iso: string, where: string, problems: string[]): { date: string; time: string } {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) {
    problems.push(`${where}: "${iso}" is not an ISO date-time`);
    return { date: '19700101', time: '0000' };
  }
  const text = new Date(ms).toISOString();
  const seconds = text.slice(17, 19);
  return { date: text.slice(0, 10).replace(/-/g, ''), time: text.slice(11, 13) + text.slice(14, 16) + (seconds === '00' ? '' : seconds) };
}

/** CCYYMMDD of an ISO calendar date (YYYY-MM-DD). */
export function x12Date(isoDate: string): string {
  return isoDate.replace(/-/g, '');
}

/** Element 347 (hash total) holds at most 10 digits. */
const HASH_DIGITS = 10;

/**
 * X12.6 hash total (CTT02): the values summed without regard to decimal point or sign, truncated on
 * the left to the element's 10 digits. "2.5" counts as 25: that is the standard's rule, and the one
 * the receiver's translator checks.
 */
export function hashTotal(values: readonly string[]): string {
  const sum = values.reduce((acc, v) => acc + BigInt(v.replace(/[^0-9]/g, '') || '0'), 0n);
  return (sum % 10n ** BigInt(HASH_DIGITS)).toString();
}

/** ST02 is AN 4/9 (X12.6): control numbers from the profile's range are padded to four digits. */
export function transactionControl(control: string | number): string {
  return String(control).padStart(4, '0');
}

/** Element 355 (unit or basis for measurement) is a two-character code: EA, CA, PL… */
export function x12Unit(unit: string, where: string, problems: string[]): string {
  if (!/^[0-9A-Z]{2}$/.test(unit)) problems.push(`${where}: unit "${unit}" is not an X12 unit of measure code (element 355)`);
  return unit;
}

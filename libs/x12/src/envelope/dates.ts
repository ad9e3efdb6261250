/** Date and time checks for envelope fields (X12.5 data element types DT and TM). */

const DIGITS = /^[0-9]+$/;

function validDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const days = [31, year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return day <= days[month - 1];
}

/** CCYYMMDD (GS04 from 004010 on). */
export function isValidCcyymmdd(value: string): boolean {
  if (value.length !== 8 || !DIGITS.test(value)) return false;
  return validDay(Number(value.slice(0, 4)), Number(value.slice(4, 6)), Number(value.slice(6, 8)));
}

/** YYMMDD (ISA09). The century is not known; 00 is treated as a leap year, as 2000 was. */
export function isValidYymmdd(value: string): boolean {
  if (value.length !== 6 || !DIGITS.test(value)) return false;
  return validDay(2000 + Number(value.slice(0, 2)), Number(value.slice(2, 4)), Number(value.slice(4, 6)));
}

/** HHMM, HHMMSS, HHMMSSD or HHMMSSDD (TM, 4 to 8 digits). `maxLength` 4 for ISA10. */
export function isValidTime(value: string, maxLength = 8): boolean {
  if (value.length < 4 || value.length > maxLength || value.length === 5 || !DIGITS.test(value)) return false;
  const hh = Number(value.slice(0, 2));
  const mm = Number(value.slice(2, 4));
  const ss = value.length >= 6 ? Number(value.slice(4, 6)) : 0;
  return hh <= 23 && mm <= 59 && ss <= 59;
}

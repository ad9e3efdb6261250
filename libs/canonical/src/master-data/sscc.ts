/**
 * SSCC (GS1 Serial Shipping Container Code, AI 00): 18 digits = extension digit + GS1 company prefix
 * + serial reference (together 16 digits) + a mod-10 check digit (GS1 General Specifications §7.9).
 */
export function sscc(extension: number, companyPrefix: string, serial: number): string {
  if (!/^[0-9]{7,10}$/.test(companyPrefix)) throw new Error(`a GS1 company prefix has 7 to 10 digits, not "${companyPrefix}"`);
  const serialDigits = 16 - companyPrefix.length;
  if (!Number.isInteger(extension) || extension < 0 || extension > 9) throw new Error('the extension digit is 0-9');
  if (!Number.isInteger(serial) || serial < 0 || serial >= 10 ** serialDigits) throw new Error(`serial ${serial} does not fit in ${serialDigits} digits`);
  const body = `${extension}${companyPrefix}${String(serial).padStart(serialDigits, '0')}`;
  return body + gs1CheckDigit(body);
}

/** GS1 mod-10: from the right, weights 3, 1, 3, 1…; the check digit brings the sum to a multiple of 10. */
export function gs1CheckDigit(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) sum += Number(digits[digits.length - 1 - i]) * (i % 2 === 0 ? 3 : 1);
  return String((10 - (sum % 10)) % 10);
}

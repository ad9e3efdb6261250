import { gs1CheckDigit, sscc } from './sscc';

describe('sscc', () => {
  it('computes the GS1 check digit of the General Specifications example (SSCC 106141412345678908)', () => {
    expect(gs1CheckDigit('10614141234567890')).toBe('8');
    expect(sscc(1, '0614141', 234567890)).toBe('106141412345678908');
  });

  it('pads the serial to fill 16 digits with the prefix and refuses what does not fit', () => {
    expect(sscc(0, '0614141', 7)).toMatch(/^00614141000000007[0-9]$/);
    expect(() => sscc(0, '0614141', 10 ** 9)).toThrow(/does not fit/);
    expect(() => sscc(0, '12345', 1)).toThrow(/7 to 10 digits/);
  });
});

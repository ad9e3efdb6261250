import fc from 'fast-check';
import { addDecimal, compareDecimal, divideDecimal, isDecimal, multiplyDecimal, normalizeDecimal, subtractDecimal, sumDecimals } from './decimal';

describe('exact decimals', () => {
  it.each([
    ['012.50', '12.5'],
    ['-0.000', '0'],
    ['7', '7'],
    ['-3.125000', '-3.125'],
  ])('normalizes %s to %s', (input, expected) => {
    expect(normalizeDecimal(input)).toBe(expected);
  });

  it('adds, subtracts and multiplies without floating-point error', () => {
    expect(addDecimal('0.1', '0.2')).toBe('0.3');
    expect(subtractDecimal('1', '0.9')).toBe('0.1');
    expect(multiplyDecimal('4', '12')).toBe('48');
    expect(multiplyDecimal('2.5', '0.4')).toBe('1');
    expect(divideDecimal('10', '4')).toBe('2.5');
    expect(sumDecimals(Array.from({ length: 10 }, () => '0.1'))).toBe('1');
  });

  it('compares and validates', () => {
    expect(compareDecimal('2.50', '2.5')).toBe(0);
    expect(compareDecimal('-1', '0.5')).toBe(-1);
    expect([isDecimal('1.5'), isDecimal('1.2345678'), isDecimal('1e3'), isDecimal('')]).toEqual([true, false, false, false]);
    expect(() => divideDecimal('1', '0')).toThrow('division by zero');
  });

  it('adding then subtracting gives back the start, for any quantities (property)', () => {
    const decimal = fc.tuple(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), fc.integer({ min: 0, max: 999999 })).map(([w, f]) => `${w}.${String(f).padStart(6, '0')}`);
    fc.assert(fc.property(decimal, decimal, (a, b) => subtractDecimal(addDecimal(a, b), b) === normalizeDecimal(a)), { seed: 4242, numRuns: 300 });
  });
});

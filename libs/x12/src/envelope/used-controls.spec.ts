import { UsedControls } from './used-controls';

/** Feeds controls in order, as the envelope parser does, and returns those reported as repeats. */
function repeatsOf(controls: string[]): string[] {
  const used = new UsedControls();
  const earlier: { control: string }[] = [];
  const repeated: string[] = [];
  for (const control of controls) {
    if (used.repeats(control, earlier)) repeated.push(control);
    earlier.push({ control });
  }
  return repeated;
}

describe('UsedControls', () => {
  it.each([
    ['increasing numbers', ['0001', '0002', '0010'], []],
    ['a number seen before, out of order', ['0001', '0003', '0002', '0003'], ['0003']],
    ['a repeat right after its first use', ['0001', '0001'], ['0001']],
    ['the same number written with other zeros, which is not the same control', ['0001', '001', '1'], []],
    ['controls that are not numbers', ['A1', 'B2', 'A1'], ['A1']],
    ['a repeat of a number first seen while numbers still increased', ['5', '7', 'X', '5'], ['5']],
  ])('reports repeats among %s', (_, controls, expected) => {
    expect(repeatsOf(controls)).toEqual(expected);
  });

  it('forgets what it saw when reset for the next envelope', () => {
    const used = new UsedControls();
    used.repeats('0002', []);
    used.reset();
    expect(used.repeats('0001', [])).toBe(false);
  });
});

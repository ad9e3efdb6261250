import { chunksByWeight } from './chunks';

describe('chunksByWeight', () => {
  it('keeps light items together and gives a heavy one a chunk of its own', () => {
    expect(chunksByWeight([1, 1, 1], (n) => n, 10)).toEqual([[1, 1, 1]]);
    expect(chunksByWeight([4, 4, 4, 30, 1], (n) => n, 10)).toEqual([[4, 4], [4], [30], [1]]);
    expect(chunksByWeight([], (n: number) => n, 10)).toEqual([]);
  });
});

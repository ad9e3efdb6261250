import { createTestDatabase } from '../testing/test-database';
import { ControlNumbers } from './control-numbers';

describe('ControlNumbers (PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('hands out 50 concurrent numbers with none reused and none skipped', async () => {
    const numbers = new ControlNumbers(db.dataSource);
    const got = await Promise.all(Array.from({ length: 50 }, () => numbers.next('acme-3pl', 'interchange', { start: 1000, end: 999999999 })));
    expect([...got].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => 1000 + i));
  });

  it('wraps to the start of the range after its end', async () => {
    const numbers = new ControlNumbers(db.dataSource);
    const got = [];
    for (let i = 0; i < 5; i++) got.push(await numbers.next('tiny', 'transaction', { start: 1, end: 3 }));
    expect(got).toEqual([1, 2, 3, 1, 2]);
  });

  it('draws several kinds in one call, each the next of its own run, whether the counters are new or not', async () => {
    const numbers = new ControlNumbers(db.dataSource);
    const ranges = { interchange: { start: 5, end: 9 }, group: { start: 1, end: 2 }, transaction: { start: 100, end: 200 } };
    const ask = (kinds: Array<keyof typeof ranges>) => numbers.nextAll('several', kinds.map((kind) => ({ kind, range: ranges[kind] })));
    expect(await ask(['interchange', 'group', 'transaction'])).toEqual([5, 1, 100]);
    expect(await ask(['interchange', 'group'])).toEqual([6, 2]);
    expect(await numbers.next('several', 'group', ranges.group)).toBe(1);
    expect(await ask(['interchange', 'group', 'transaction'])).toEqual([7, 2, 101]);
  });
});

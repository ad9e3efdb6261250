import { GroupCommit, Settled } from './group-commit';

/** A batch function that records the batches it was given and answers when the test says so. */
function recorder() {
  const batches: number[][] = [];
  const pending: Array<() => void> = [];
  const work = (items: readonly number[]): Promise<Array<Settled<number>>> => {
    batches.push([...items]);
    return new Promise((resolve) => pending.push(() => resolve(items.map((i) => (i < 0 ? { ok: false, error: new Error(`bad ${i}`) } : { ok: true, value: i * 10 })))));
  };
  const finishNext = async () => {
    (pending.shift() as () => void)();
    await new Promise((r) => setImmediate(r));
  };
  return { batches, work, finishNext };
}

describe('GroupCommit', () => {
  it('runs the first item at once, and what arrives while a batch runs as the next batch', async () => {
    const r = recorder();
    const group = new GroupCommit(r.work, { maxBatch: 10 });
    const first = group.submit(1);
    const rest = [2, 3, 4].map((i) => group.submit(i));
    expect(r.batches).toEqual([[1]]);
    await r.finishNext();
    expect(await first).toBe(10);
    expect(r.batches).toEqual([[1], [2, 3, 4]]);
    await r.finishNext();
    expect(await Promise.all(rest)).toEqual([20, 30, 40]);
  });

  it('never puts more than maxBatch items in a batch', async () => {
    const r = recorder();
    const group = new GroupCommit(r.work, { maxBatch: 2 });
    const all = [1, 2, 3, 4, 5].map((i) => group.submit(i));
    for (let i = 0; i < 3; i++) await r.finishNext();
    expect(r.batches).toEqual([[1], [2, 3], [4, 5]]);
    expect(await Promise.all(all)).toEqual([10, 20, 30, 40, 50]);
  });

  it('runs up to maxInFlight batches at once', async () => {
    const r = recorder();
    const group = new GroupCommit(r.work, { maxBatch: 5, maxInFlight: 2 });
    const all = [1, 2, 3].map((i) => group.submit(i));
    expect(r.batches).toEqual([[1], [2]]);
    await r.finishNext();
    expect(r.batches).toEqual([[1], [2], [3]]);
    await r.finishNext();
    await r.finishNext();
    expect(await Promise.all(all)).toEqual([10, 20, 30]);
  });

  it('fails only the item the batch says failed', async () => {
    const r = recorder();
    const group = new GroupCommit(r.work, { maxBatch: 5 });
    void group.submit(0);
    const results = [5, -1, 6].map((i) => group.submit(i).then((v) => `ok ${v}`, (e: Error) => e.message));
    await r.finishNext();
    await r.finishNext();
    expect(await Promise.all(results)).toEqual(['ok 50', 'bad -1', 'ok 60']);
  });

  it('fails every item of a batch whose function throws, and goes on with the next batch', async () => {
    let calls = 0;
    const group = new GroupCommit<number, number>(async (items) => {
      calls++;
      if (calls === 1) throw new Error('database gone');
      return items.map((i) => ({ ok: true, value: i }));
    }, { maxBatch: 5 });
    await expect(group.submit(1)).rejects.toThrow('database gone');
    expect(await group.submit(2)).toBe(2);
  });

  it('lets the batch answer items one by one, before it is done', async () => {
    let release: () => void = () => undefined;
    const group = new GroupCommit<number, number>(async (items, settle) => {
      settle(0, { ok: true, value: items[0] });
      await new Promise<void>((r) => (release = r));
      settle(1, { ok: true, value: items[1] });
    }, { maxBatch: 5 });
    void group.submit(0);
    const first = group.submit(1);
    const second = group.submit(2);
    const third = group.submit(3);
    await new Promise((r) => setImmediate(r));
    release();
    expect(await first).toBe(1);
    await new Promise((r) => setImmediate(r));
    release();
    expect(await second).toBe(2);
    await expect(third).rejects.toThrow('no result');
  });
});

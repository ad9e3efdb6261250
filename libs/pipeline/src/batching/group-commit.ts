/**
 * Group commit: callers hand in one item each and wait for its own result, while the work runs in
 * batches. Nothing waits on a timer: the first item starts a batch at once, and whatever arrives while
 * a batch is running goes into the next one (up to `maxBatch`). Under load a batch holds about as
 * many items as there are callers waiting (a worker's concurrent jobs); when idle, each item runs
 * alone, with no added latency.
 */
export interface GroupCommitOptions {
  /** Most items in one batch. */
  readonly maxBatch: number;
  /** Batches running at the same time (1: a batch starts when the previous one is done). */
  readonly maxInFlight?: number;
}

/** What the batch function answers for each item: its result, or the error that failed it alone. */
export type Settled<O> = { readonly ok: true; readonly value: O } | { readonly ok: false; readonly error: unknown };

/**
 * Gives one item of the batch its answer (by its index in the batch) as soon as it is known: a batch
 * done in parts (a chunk of big transaction sets at a time) lets the first ones go on to the next
 * stage while the rest are still being worked on.
 */
export type Settle<O> = (index: number, result: Settled<O>) => void;

interface Waiting<I, O> {
  readonly item: I;
  readonly resolve: (value: O) => void;
  readonly reject: (error: unknown) => void;
}

export class GroupCommit<I, O> {
  private readonly waiting: Array<Waiting<I, O>> = [];
  private running = 0;

  /** `work` answers every item, through `settle` as it goes or in the array it returns (in the items' order). */
  constructor(private readonly work: (items: readonly I[], settle: Settle<O>) => Promise<ReadonlyArray<Settled<O>> | void>, private readonly options: GroupCommitOptions) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.running < (this.options.maxInFlight ?? 1) && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, Math.max(1, this.options.maxBatch));
      this.running++;
      void this.run(batch).finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  private async run(batch: ReadonlyArray<Waiting<I, O>>): Promise<void> {
    const open = new Set(batch.keys());
    const settle: Settle<O> = (index, r) => {
      if (!open.delete(index)) return;
      if (r.ok) batch[index].resolve(r.value);
      else batch[index].reject(r.error);
    };
    try {
      const results = await this.work(batch.map((w) => w.item), settle);
      if (results !== undefined) results.forEach((r, i) => settle(i, r));
      for (const i of open) settle(i, { ok: false, error: new Error('the batch gave no result for this item') });
    } catch (e) {
      for (const i of open) settle(i, { ok: false, error: e });
    }
  }
}

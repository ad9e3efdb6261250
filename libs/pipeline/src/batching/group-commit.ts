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

/** What the batch function answers for each item, in the items' order: its result, or the error that failed it alone. */
export type Settled<O> = { readonly ok: true; readonly value: O } | { readonly ok: false; readonly error: unknown };

interface Waiting<I, O> {
  readonly item: I;
  readonly resolve: (value: O) => void;
  readonly reject: (error: unknown) => void;
}

export class GroupCommit<I, O> {
  private readonly waiting: Array<Waiting<I, O>> = [];
  private running = 0;

  constructor(private readonly work: (items: readonly I[]) => Promise<ReadonlyArray<Settled<O>>>, private readonly options: GroupCommitOptions) {}

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
    try {
      const results = await this.work(batch.map((w) => w.item));
      batch.forEach((w, i) => {
        const r = results[i];
        if (r === undefined) w.reject(new Error('the batch gave no result for this item'));
        else if (r.ok) w.resolve(r.value);
        else w.reject(r.error);
      });
    } catch (e) {
      for (const w of batch) w.reject(e);
    }
  }
}

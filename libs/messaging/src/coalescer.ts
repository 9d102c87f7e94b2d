interface OpenBatch<T> {
  readonly items: T[];
  readonly waiters: { resolve: () => void; reject: (error: unknown) => void }[];
}

export interface CoalescerOptions {
  /**
   * Flush a key's batches one at a time: while one is being flushed, what is added for that key
   * gathers into the next, which is flushed as soon as the first settles (a group commit). Under
   * load the batches grow by themselves; when idle an item waits for nothing.
   */
  oneAtATime?: boolean;
}

/**
 * Gathers what is added during one turn of the event loop into one batch per key (at most
 * `maxItems` each), hands every batch to `flush`, and settles each `add` with its batch's outcome.
 * This is how many chat messages share one broker message and one confirm.
 */
export class Coalescer<K, T> {
  private readonly open = new Map<K, OpenBatch<T>>();
  /** With `oneAtATime`: per key, the flush that settles last among those started or queued. */
  private readonly busy = new Map<K, Promise<void>>();

  constructor(
    private readonly maxItems: number,
    private readonly flush: (key: K, items: T[]) => Promise<void>,
    private readonly options: CoalescerOptions = {},
  ) {}

  add(key: K, item: T): Promise<void> {
    let batch = this.open.get(key);
    if (!batch) {
      const fresh: OpenBatch<T> = { items: [], waiters: [] };
      this.open.set(key, fresh);
      if (!this.busy.has(key)) setImmediate(() => this.close(key, fresh));
      batch = fresh;
    }
    batch.items.push(item);
    const done = new Promise<void>((resolve, reject) => batch.waiters.push({ resolve, reject }));
    if (batch.items.length >= this.maxItems) this.close(key, batch);
    return done;
  }

  private close(key: K, batch: OpenBatch<T>): void {
    if (this.open.get(key) !== batch) return;
    this.open.delete(key);
    if (!this.options.oneAtATime) {
      void this.settle(key, batch);
      return;
    }
    const previous = this.busy.get(key) ?? Promise.resolve();
    const current = previous.then(() => this.settle(key, batch));
    this.busy.set(key, current);
    void current.then(() => {
      if (this.busy.get(key) !== current) return;
      this.busy.delete(key);
      const next = this.open.get(key);
      if (next) this.close(key, next);
    });
  }

  /** Never rejects: the outcome goes to the batch's waiters. */
  private settle(key: K, batch: OpenBatch<T>): Promise<void> {
    return this.flush(key, batch.items).then(
      () => batch.waiters.forEach((w) => w.resolve()),
      (error: unknown) => batch.waiters.forEach((w) => w.reject(error)),
    );
  }
}

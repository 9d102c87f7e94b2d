interface OpenBatch<T> {
  readonly items: T[];
  readonly waiters: { resolve: () => void; reject: (error: unknown) => void }[];
}

/**
 * Gathers what is added during one turn of the event loop into one batch per key (at most
 * `maxItems` each), hands every batch to `flush`, and settles each `add` with its batch's outcome.
 * This is how many chat messages share one broker message and one confirm.
 */
export class Coalescer<K, T> {
  private readonly open = new Map<K, OpenBatch<T>>();

  constructor(
    private readonly maxItems: number,
    private readonly flush: (key: K, items: T[]) => Promise<void>,
  ) {}

  add(key: K, item: T): Promise<void> {
    let batch = this.open.get(key);
    if (!batch) {
      const fresh: OpenBatch<T> = { items: [], waiters: [] };
      this.open.set(key, fresh);
      setImmediate(() => this.close(key, fresh));
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
    this.flush(key, batch.items).then(
      () => batch.waiters.forEach((w) => w.resolve()),
      (error: unknown) => batch.waiters.forEach((w) => w.reject(error)),
    );
  }
}

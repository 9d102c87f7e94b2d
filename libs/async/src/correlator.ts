interface Waiter<T> {
  resolve: (value: T) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * Pairs requests with their replies by id over a link that answers asynchronously: each request
 * waits with a deadline, the reply carrying its id settles it, and a dropped link fails every
 * request in flight at once instead of at its deadline.
 */
export class Correlator<T = unknown> {
  private readonly waiting = new Map<string, Waiter<T>>();
  private counter = 0;

  /** `prefix` makes the ids unique beyond this correlator, where replies to others may arrive too. */
  constructor(private readonly prefix = '') {}

  /** How many requests still wait for their reply. */
  get size(): number {
    return this.waiting.size;
  }

  /** An id no earlier call returned: `prefix` and a counter. */
  nextId(): string {
    return this.prefix + (this.counter++).toString(36);
  }

  /**
   * Waits for the reply to `id`: resolves or rejects with what `settle` is given, or rejects with
   * `onTimeout()` once `timeoutMs` passed without it. Call it before sending the request, so
   * that a reply arriving at once finds its waiter.
   */
  expect(id: string, timeoutMs: number, onTimeout: () => Error): Promise<T> {
    if (!(timeoutMs > 0) || !Number.isFinite(timeoutMs))
      throw new RangeError(`the time to wait for a reply must be a positive number of ms, not ${timeoutMs}`);
    if (this.waiting.has(id)) throw new Error(`a reply to ${id} is already awaited: ids must be unique`);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(onTimeout());
      }, timeoutMs);
      this.waiting.set(id, { resolve, reject, timer });
    });
  }

  /**
   * Hands the reply to whoever waits for `id`: an Error rejects, anything else resolves. Returns
   * false when no one waits (the id is unknown, its time ran out, or it was settled already).
   */
  settle(id: string, outcome: T | Error): boolean {
    const waiter = this.waiting.get(id);
    if (!waiter) return false;
    this.waiting.delete(id);
    clearTimeout(waiter.timer);
    if (outcome instanceof Error) waiter.reject(outcome);
    else waiter.resolve(outcome);
    return true;
  }

  /** Rejects every request in flight with `error`: the link they were sent on is gone. */
  failAll(error: Error): void {
    const waiters = [...this.waiting.values()];
    this.waiting.clear();
    for (const waiter of waiters) {
      clearTimeout(waiter.timer);
      waiter.reject(error);
    }
  }
}

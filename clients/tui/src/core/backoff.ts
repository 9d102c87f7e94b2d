export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  factor: number;
  /** Returns a number in [0, 1); injectable so the schedule can be tested. */
  random?: () => number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 500, maxMs: 30_000, factor: 2 };

/**
 * Exponential back-off with "equal jitter": half of each step is fixed, half random, so that many
 * clients dropped by one gateway restart do not come back in lockstep, yet none retries at once.
 */
export class Backoff {
  private attempt = 0;

  constructor(private readonly options: BackoffOptions = DEFAULT_BACKOFF) {}

  get attempts(): number {
    return this.attempt;
  }

  next(): number {
    const { initialMs, maxMs, factor, random = Math.random } = this.options;
    const cap = Math.min(maxMs, initialMs * factor ** this.attempt);
    this.attempt++;
    return Math.round(cap / 2 + random() * (cap / 2));
  }

  reset(): void {
    this.attempt = 0;
  }
}

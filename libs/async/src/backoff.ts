export interface BackoffOptions {
  /** The ceiling of the first delay; each attempt doubles it. */
  baseMs: number;
  /** The ceiling never grows past this. */
  maxMs: number;
  /** Returns a number in [0, 1); injectable so the schedule can be tested. */
  random?: () => number;
}

/** For a process retrying the broker or the database: 250 ms, 500 ms, 1 s … up to 10 s. */
export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 250, maxMs: 10_000 };

/**
 * Exponential back-off with full jitter: the delay before retry `attempt` (0 for the first) is
 * uniformly random between 0 and a ceiling of `baseMs * 2^attempt`, capped at `maxMs`. There is
 * no floor: when many clients are dropped at once (a gateway or broker restart), spreading their
 * retries over the whole window is what keeps them from coming back in lockstep, and it costs
 * the least total work of the usual jitter schemes. One retry may therefore come almost at once.
 */
export function backoffDelay(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF): number {
  const { baseMs, maxMs, random = Math.random } = options;
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(random() * ceiling);
}

/** The back-off of a loop that counts its own failures: `next` after each, `reset` after a success. */
export class Backoff {
  private attempt = 0;

  constructor(private readonly options: BackoffOptions = DEFAULT_BACKOFF) {}

  get attempts(): number {
    return this.attempt;
  }

  next(): number {
    return backoffDelay(this.attempt++, this.options);
  }

  reset(): void {
    this.attempt = 0;
  }
}

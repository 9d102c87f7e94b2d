import { ParleyError } from '@parley/contracts';

/** Beyond this many usernames held, stale ones are swept so guessing many names cannot grow memory for ever. */
const SWEEP_ABOVE = 10_000;

/**
 * Limits login attempts per username: at most `limit` unsuccessful ones in any `windowMs`.
 * An attempt counts from the moment it starts, so a burst of concurrent guesses cannot all slip
 * past the check before the first of them has failed; a successful login clears the count.
 * Per process: with several users instances each allows `limit` (stated in the report).
 */
export class LoginThrottle {
  private readonly attempts = new Map<string, number[]>();

  constructor(
    private readonly limit = 5,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts an attempt, or throws TOO_MANY_ATTEMPTS saying how long to wait. */
  begin(username: string): void {
    const now = this.now();
    if (this.attempts.size > SWEEP_ABOVE) this.sweep(now);
    const recent = (this.attempts.get(username) ?? []).filter((t) => now - t < this.windowMs);
    if (recent.length >= this.limit) {
      const retryAfterMs = recent[0]! + this.windowMs - now;
      const seconds = Math.ceil(retryAfterMs / 1000);
      throw new ParleyError(
        'TOO_MANY_ATTEMPTS',
        `too many failed logins for this username; try again in ${seconds} s`,
        {
          field: 'username',
          retryAfterMs,
        },
      );
    }
    recent.push(now);
    this.attempts.set(username, recent);
  }

  succeeded(username: string): void {
    this.attempts.delete(username);
  }

  private sweep(now: number): void {
    for (const [username, times] of this.attempts) {
      if (times.every((t) => now - t >= this.windowMs)) this.attempts.delete(username);
    }
  }
}

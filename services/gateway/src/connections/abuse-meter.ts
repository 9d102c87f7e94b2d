const WINDOW_MS = 60_000;

/**
 * Counts one connection's misbehaviour, `limit` times a minute at most: invalid or oversized
 * frames, and frames refused for the rate that came early (`RefusalRun.early`).
 */
export class AbuseMeter {
  private count = 0;
  private windowStart: number;

  constructor(
    private readonly limit: number,
    now = Date.now(),
  ) {
    this.windowStart = now;
  }

  /** One more; true once that makes too many. */
  add(now: number): boolean {
    if (now - this.windowStart > WINDOW_MS) {
      this.windowStart = now;
      this.count = 0;
    }
    return ++this.count > this.limit;
  }
}

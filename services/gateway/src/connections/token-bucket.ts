/** Below a token by less than this, a frame passes: refills in floating point land a hair short. */
const EPSILON = 1e-9;

/**
 * Frames refused within this long of the first refusal of a run were on their way before the
 * client could know it had to wait; they are never early.
 */
export const IN_FLIGHT_GRACE_MS = 1000;

/**
 * The frames one user may send through this gateway, over all their connections: `rate` tokens a
 * second, at most `burst` saved up, both divided among the gateways holding the user (`share`).
 *
 * A refused frame is told when to come back so that it will find a token: the k-th frame refused
 * while k-1 are still owed one waits until enough tokens will have come in for all k. So a client
 * that sends each refused frame again once its `retryAfterMs` has passed gets each through, in
 * order. At most a full bucket is owed; the frames refused after that are all told to wait exactly
 * until the last owed token is due, when the bucket is full again. Such a run of refusals ends
 * once every frame in it is due.
 *
 * A refused frame is `early` when, after the grace for frames in flight, the user has had more
 * frames refused in this run than frames of the run have become due: more than a client that
 * waits as told could have sent, even if some of the tokens it was promised were taken by frames
 * that were in flight.
 */
export class TokenBucket {
  /** Whether the frame refused last came early (see above). */
  early = false;
  private tokens: number;
  private refilledAt: number;
  private rate: number;
  private burst: number;
  /** Refused frames still promised a token. */
  private owed = 0;
  /** The current run of refusals: when it began, how many were refused, and how many of those were promised a token. */
  private runStart = 0;
  private refused = 0;
  private promised = 0;
  /** When the first promised token of the run is due, and when the last is: the run's end. */
  private firstDue = 0;
  private owedUntil = 0;
  /** Refusals of the run after its grace. */
  private lateRefusals = 0;

  constructor(
    private readonly fullRate: number,
    private readonly fullBurst: number,
    now = Date.now(),
  ) {
    this.rate = fullRate;
    this.burst = fullBurst;
    this.tokens = fullBurst;
    this.refilledAt = now;
  }

  /** Takes a token and answers 0, or answers how many ms to wait before sending the frame again. */
  take(now: number): number {
    this.refill(now);
    if (this.refused > 0 && now >= this.owedUntil) this.endRun();
    if (this.tokens >= 1 - EPSILON) {
      this.tokens -= 1;
      if (this.owed > 0) this.owed--;
      return 0;
    }
    return this.refuse(now);
  }

  /** This gateway's part while `gateways` gateways hold the user: 1/gateways of the rate and of the burst. */
  share(gateways: number, now: number): void {
    this.refill(now);
    this.rate = this.fullRate / gateways;
    this.burst = Math.max(1, this.fullBurst / gateways);
    this.tokens = Math.min(this.tokens, this.burst);
  }

  /** Full and owing nothing: a new bucket would be the same. */
  rested(now: number): boolean {
    this.refill(now);
    return this.tokens >= this.burst && now >= this.owedUntil;
  }

  private refuse(now: number): number {
    if (this.refused++ === 0) this.runStart = now;
    this.early = now - this.runStart >= IN_FLIGHT_GRACE_MS && ++this.lateRefusals > this.dueBy(now);
    if (this.promised >= Math.floor(this.burst)) return this.owedUntil - now;
    this.owed++;
    const waitMs = Math.max(1, Math.ceil(((this.owed - this.tokens) / this.rate) * 1000));
    if (this.promised++ === 0) this.firstDue = now + waitMs;
    this.owedUntil = Math.max(this.owedUntil, now + waitMs);
    return waitMs;
  }

  /** How many frames of the run are due by now: promised tokens come in one every 1/rate s. */
  private dueBy(now: number): number {
    if (now < this.firstDue) return 0;
    return Math.min(this.promised, Math.floor(((now - this.firstDue) * this.rate) / 1000) + 1);
  }

  private endRun(): void {
    this.owed = 0;
    this.refused = 0;
    this.promised = 0;
    this.lateRefusals = 0;
  }

  private refill(now: number): void {
    if (now <= this.refilledAt) return;
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.refilledAt) / 1000) * this.rate);
    this.refilledAt = now;
  }
}

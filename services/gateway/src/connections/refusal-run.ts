/**
 * Frames refused within this long of the first refusal of a run were on their way before the
 * client could know it had to wait; they are never early.
 */
export const IN_FLIGHT_GRACE_MS = 1000;

/**
 * The frames a user's bucket refused in a row, and what each was told.
 *
 * A refused frame is told when to come back so that it will find a token: the k-th frame refused
 * while k-1 are still owed one waits until enough tokens will have come in for all k. So a client
 * that sends each refused frame again once its `retryAfterMs` has passed gets each through, in
 * order. At most a full bucket is owed; the frames refused after that are all told to wait exactly
 * until the last owed token is due, when the bucket is full again. The run ends once every frame
 * in it is due.
 *
 * A refused frame is `early` when, after the grace for frames in flight, the user has had more
 * frames refused in this run than frames of the run have become due: more than a client that
 * waits as told could have sent, even if some of the tokens it was promised were taken by frames
 * that were in flight.
 */
export class RefusalRun {
  /** Whether the frame refused last came early (see above). */
  early = false;
  /** Refused frames still promised a token. */
  private owed = 0;
  /** When the run began, how many were refused, and how many of those were promised a token. */
  private start = 0;
  private refused = 0;
  private promised = 0;
  /** When the first promised token of the run is due, and when the last is: the run's end. */
  private firstDue = 0;
  private owedUntil = 0;
  /** Refusals of the run after its grace. */
  private lateRefusals = 0;

  /** Forgets the run once every frame of it is due. */
  endIfDue(now: number): void {
    if (this.refused === 0 || now < this.owedUntil) return;
    this.owed = 0;
    this.refused = 0;
    this.promised = 0;
    this.lateRefusals = 0;
  }

  /** A frame took a token: one fewer is owed. */
  took(): void {
    if (this.owed > 0) this.owed--;
  }

  /** Nothing is owed any more. */
  settled(now: number): boolean {
    return now >= this.owedUntil;
  }

  /** Refuses a frame while the bucket holds `tokens`, refilling at `rate` a second up to `burst`: the wait to tell it. */
  refuse(now: number, tokens: number, rate: number, burst: number): number {
    if (this.refused++ === 0) this.start = now;
    this.early = now - this.start >= IN_FLIGHT_GRACE_MS && ++this.lateRefusals > this.dueBy(now, rate);
    if (this.promised >= Math.floor(burst)) return this.owedUntil - now;
    this.owed++;
    const waitMs = Math.max(1, Math.ceil(((this.owed - tokens) / rate) * 1000));
    if (this.promised++ === 0) this.firstDue = now + waitMs;
    this.owedUntil = Math.max(this.owedUntil, now + waitMs);
    return waitMs;
  }

  /** How many frames of the run are due by now: promised tokens come in one every 1/rate s. */
  private dueBy(now: number, rate: number): number {
    if (now < this.firstDue) return 0;
    return Math.min(this.promised, Math.floor(((now - this.firstDue) * rate) / 1000) + 1);
  }
}

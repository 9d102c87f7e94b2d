import { RefusalRun } from './refusal-run';

/** Below a token by less than this, a frame passes: refills in floating point land a hair short. */
const EPSILON = 1e-9;

/**
 * The frames one user may send through this gateway, over all their connections: `rate` tokens a
 * second, at most `burst` saved up, both divided among the gateways holding the user (`share`).
 * What a refused frame is told, and whether it came early, is the run of refusals' (`RefusalRun`).
 */
export class TokenBucket {
  private tokens: number;
  private refilledAt: number;
  private rate: number;
  private burst: number;
  private readonly run = new RefusalRun();

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

  /** Whether the frame refused last came early (`RefusalRun`). */
  get early(): boolean {
    return this.run.early;
  }

  /** Takes a token and answers 0, or answers how many ms to wait before sending the frame again. */
  take(now: number): number {
    this.refill(now);
    this.run.endIfDue(now);
    if (this.tokens >= 1 - EPSILON) {
      this.tokens -= 1;
      this.run.took();
      return 0;
    }
    return this.run.refuse(now, this.tokens, this.rate, this.burst);
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
    return this.tokens >= this.burst && this.run.settled(now);
  }

  private refill(now: number): void {
    if (now <= this.refilledAt) return;
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.refilledAt) / 1000) * this.rate);
    this.refilledAt = now;
  }
}

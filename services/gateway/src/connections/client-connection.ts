import { ErrorBody, ServerEvent, SessionRef, WS_CLOSE } from '@parley/contracts';
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { TokenBucket } from './token-bucket';

/**
 * One authenticated WebSocket. Kept small on purpose: the gateway holds tens of thousands.
 * The user is the token's subject, fixed at connect; no frame can speak for anyone else.
 */
export class ClientConnection {
  missedPongs = 0;
  private abuse = 0;
  private abuseWindowStart = Date.now();
  private corked = false;

  constructor(
    readonly socket: WebSocket,
    /** The TCP socket under the WebSocket, to put the frames of one turn in one write. */
    private readonly transport: Duplex,
    readonly userId: string,
    readonly username: string,
    readonly bucket: TokenBucket,
    private readonly abuseLimit: number,
    /** The session of its token: what a revocation names. */
    readonly session: SessionRef,
    /** When its access token expires (ms since the epoch); `session.refresh` moves it. */
    public expiresAt: number,
  ) {}

  get open(): boolean {
    return this.socket.readyState === this.socket.OPEN;
  }

  /**
   * Frames sent in one turn of the event loop (a batch of messages for this user, say) leave in one
   * write instead of one system call each.
   */
  sendRaw(frame: string): void {
    if (!this.open) return;
    if (!this.corked) {
      this.corked = true;
      this.transport.cork();
      process.nextTick(() => {
        this.corked = false;
        this.transport.uncork();
      });
    }
    this.socket.send(frame);
  }

  push(event: ServerEvent): void {
    this.sendRaw(JSON.stringify({ type: 'event', ...event }));
  }

  reply(id: string, result: unknown): void {
    this.sendRaw(JSON.stringify({ type: 'reply', id, ok: true, result }));
  }

  fail(id: string | null, error: ErrorBody): void {
    this.sendRaw(JSON.stringify({ type: 'reply', id, ok: false, error }));
  }

  /** Counts a bad or excessive frame; too many in a minute and the connection is closed. */
  misbehaved(now = Date.now()): void {
    if (now - this.abuseWindowStart > 60_000) {
      this.abuseWindowStart = now;
      this.abuse = 0;
    }
    if (++this.abuse > this.abuseLimit) {
      this.socket.close(WS_CLOSE.policy, 'too many invalid, oversized or rate-limited frames');
    }
  }
}

import { ErrorBody, ServerEvent, SessionRef, WS_CLOSE } from '@parley/contracts';
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { AbuseMeter } from './abuse-meter';
import { TokenBucket } from './token-bucket';

/** What every connection of this gateway is held to; one object for all of them. */
export interface ConnectionPolicy {
  /** Invalid, oversized or early rate-limited frames tolerated in a minute. */
  abuseLimit: number;
  /** How long `end` waits for the replies to requests already accepted. */
  endWaitMs: number;
}

const ABUSE_REASON = 'too many invalid, oversized or rate-limited frames';

/**
 * One authenticated WebSocket. Kept small on purpose: the gateway holds tens of thousands.
 * The user is the token's subject, fixed at connect; no frame can speak for anyone else.
 */
export class ClientConnection {
  missedPongs = 0;
  private corked = false;
  private readonly abuse: AbuseMeter;
  /** Requests accepted and not yet answered. */
  private inHand = 0;
  private ending: Promise<void> | null = null;
  /** Sends the close frame once the last request in hand is answered, while ending. */
  private closeWhenAnswered: (() => void) | null = null;

  constructor(
    readonly socket: WebSocket,
    /** The TCP socket under the WebSocket, to put the frames of one turn in one write. */
    private readonly transport: Duplex,
    readonly userId: string,
    readonly username: string,
    /** The user's, shared by all their connections here. */
    readonly bucket: TokenBucket,
    private readonly policy: ConnectionPolicy,
    /** The session of its token: what a revocation names. */
    readonly session: SessionRef,
  ) {
    this.abuse = new AbuseMeter(policy.abuseLimit);
  }

  get open(): boolean {
    return this.socket.readyState === this.socket.OPEN;
  }

  /** The server is closing it (`end`): no new request is served. */
  get closing(): boolean {
    return this.ending !== null;
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

  /** A request was accepted; `end` waits for its reply. */
  began(): void {
    this.inHand++;
  }

  /** Its reply was sent. */
  answered(): void {
    if (--this.inHand === 0) this.closeWhenAnswered?.();
  }

  /**
   * Counts an invalid or oversized frame, or one refused for the rate that came early, after its
   * reply; too many in a minute and the connection is ended.
   */
  misbehaved(now: number): void {
    if (!this.closing && this.abuse.add(now)) void this.end(WS_CLOSE.policy, ABUSE_REASON);
  }

  /**
   * Every close the server decides goes through here. From now on no request is served; the
   * replies to those already accepted are waited for (at most `endWaitMs`), so that an accepted
   * message is acked before the close, and then the close frame is sent. Resolves once it is.
   */
  end(code: number, reason: string): Promise<void> {
    this.ending ??= new Promise<void>((resolve) => {
      const close = () => {
        clearTimeout(timer);
        this.closeWhenAnswered = null;
        this.socket.close(code, reason);
        resolve();
      };
      const timer = setTimeout(close, this.policy.endWaitMs);
      if (this.inHand === 0) close();
      else this.closeWhenAnswered = close;
    });
    return this.ending;
  }
}

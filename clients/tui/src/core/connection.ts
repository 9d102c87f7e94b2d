import type { Backoff } from '@parley/async';
import WebSocket from 'ws';
import { ParleyError, ServerFrame, WS_CLOSE } from '@parley/contracts';
import type { ClientFrame } from '@parley/contracts';
import { Emitter } from './emitter';
import { errorFromBody, unreachable } from './errors';

export type ConnectionState =
  | { kind: 'stopped' }
  | { kind: 'connecting'; attempt: number }
  /** The socket is open and the welcome has come: live delivery is in place. */
  | { kind: 'online'; heartbeatMs: number }
  | { kind: 'waiting'; attempt: number; retryAt: number; reason: string };

export interface ConnectionEvents {
  state: ConnectionState;
  frame: ServerFrame;
  /** The gateway refused the token (HTTP 401 on the upgrade): retrying with it is pointless. */
  rejected: ParleyError;
  /** The gateway closed the connection because its session ended (4001), with the reason it gave. */
  ended: string;
  /** A frame that is not JSON or does not match the contract: shown, never acted on. */
  invalid: string;
}

export interface ConnectionOptions {
  url: string;
  /** Resolves the access token for the next attempt, refreshing it if needed; null means stop. */
  token: () => Promise<string | null>;
  backoff: Backoff;
  handshakeTimeoutMs?: number;
}

/** Two missed pongs in a row and the connection is taken as dead, even if TCP has not noticed. */
const MISSED_PONGS_LIMIT = 2;

/**
 * The WebSocket to the gateway, kept open: reconnects with back-off after any loss, and pings
 * at the interval the welcome names. Knows frames only as far as parsing them against the contract.
 */
export class Connection {
  readonly events = new Emitter<ConnectionEvents>();
  private socket: WebSocket | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private current: ConnectionState = { kind: 'stopped' };
  private running = false;
  private missedPongs = 0;

  constructor(private readonly options: ConnectionOptions) {}

  get state(): ConnectionState {
    return this.current;
  }

  get isOnline(): boolean {
    return this.current.kind === 'online';
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.attempt();
  }

  /** Skips the rest of a back-off wait, for a person who asked to retry now. */
  retryNow(): void {
    if (!this.running || this.current.kind !== 'waiting') return;
    this.clearRetry();
    void this.attempt();
  }

  stop(): void {
    this.running = false;
    this.clearRetry();
    this.drop('client stopped');
    this.setState({ kind: 'stopped' });
  }

  send(frame: ClientFrame): void {
    if (!this.socket || this.socket.readyState !== WebSocket.OPEN || !this.isOnline) {
      throw new ParleyError('UNAVAILABLE', 'Not connected to the gateway');
    }
    this.socket.send(JSON.stringify(frame));
  }

  private async attempt(): Promise<void> {
    const attempt = this.options.backoff.attempts + 1;
    this.setState({ kind: 'connecting', attempt });
    let token: string | null;
    try {
      token = await this.options.token();
    } catch (error) {
      this.retryLater(error instanceof ParleyError ? error.message : String(error));
      return;
    }
    if (!this.running) return;
    if (token === null) {
      this.stop();
      return;
    }
    const socket = new WebSocket(this.options.url, {
      headers: { authorization: `Bearer ${token}` },
      handshakeTimeout: this.options.handshakeTimeoutMs ?? 10_000,
    });
    this.socket = socket;
    const mine = () => this.socket === socket;

    socket.on('unexpected-response', (request, response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => {
        request.destroy();
        if (!mine()) return;
        const status = response.statusCode ?? 0;
        let json: unknown;
        try {
          json = JSON.parse(body);
        } catch {
          json = undefined;
        }
        const error = errorFromBody(status, json);
        this.drop();
        if (status === 401) {
          this.halt();
          this.events.emit('rejected', error);
        } else {
          this.retryLater(error.message);
        }
      });
    });
    socket.on('error', (error) => {
      if (mine()) this.lost(unreachable(this.options.url, error).message);
    });
    socket.on('close', (code, reason) => {
      if (!mine()) return;
      if (code === WS_CLOSE.sessionEnded) {
        this.drop();
        this.halt();
        this.events.emit('ended', reason.toString());
      } else if (reason.length) this.lost(`closed by the gateway: ${reason.toString()}`);
      else
        this.lost(code === 1006 ? 'the connection was lost' : `the gateway closed the connection (${code})`);
    });
    // An open socket is not a working connection until the welcome says live delivery is in place.
    socket.on('open', () => {
      const timer = setTimeout(() => {
        if (mine() && !this.isOnline) this.lost('the gateway did not welcome the connection');
      }, this.options.handshakeTimeoutMs ?? 10_000);
      socket.once('close', () => clearTimeout(timer));
    });
    socket.on('pong', () => {
      if (mine()) this.missedPongs = 0;
    });
    socket.on('message', (data, isBinary) => {
      if (mine()) this.receive(isBinary ? '' : data.toString());
    });
  }

  private receive(text: string): void {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      this.events.emit('invalid', 'a frame that is not JSON');
      return;
    }
    const parsed = ServerFrame.safeParse(json);
    if (!parsed.success) {
      this.events.emit('invalid', `a malformed frame: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
      return;
    }
    const frame = parsed.data;
    if (frame.type === 'event' && frame.event === 'welcome') {
      this.options.backoff.reset();
      this.startHeartbeat(frame.heartbeatMs);
      this.setState({ kind: 'online', heartbeatMs: frame.heartbeatMs });
    }
    this.events.emit('frame', frame);
  }

  private startHeartbeat(intervalMs: number): void {
    this.stopHeartbeat();
    this.missedPongs = 0;
    const socket = this.socket;
    this.heartbeat = setInterval(
      () => {
        if (!socket || socket !== this.socket) return;
        if (this.missedPongs >= MISSED_PONGS_LIMIT) {
          this.lost('the gateway stopped answering pings');
          return;
        }
        this.missedPongs++;
        socket.ping();
      },
      Math.max(intervalMs, 100),
    );
  }

  /** Stops for good: another attempt with this session would be refused the same way. */
  private halt(): void {
    this.running = false;
    this.clearRetry();
    this.setState({ kind: 'stopped' });
  }

  private lost(reason: string): void {
    this.drop();
    if (this.running) this.retryLater(reason);
  }

  /**
   * Detaches the current socket first, so its late events cannot touch the next one. A lost socket
   * is terminated, not closed: a close handshake with a dead peer would only wait.
   */
  private drop(goodbye?: string): void {
    this.stopHeartbeat();
    const socket = this.socket;
    this.socket = null;
    if (!socket) return;
    socket.removeAllListeners('message');
    socket.on('error', () => {});
    if (goodbye && socket.readyState === WebSocket.OPEN) socket.close(1000, goodbye);
    else socket.terminate();
  }

  private retryLater(reason: string): void {
    if (!this.running) return;
    this.clearRetry();
    const delay = this.options.backoff.next();
    this.setState({
      kind: 'waiting',
      attempt: this.options.backoff.attempts,
      retryAt: Date.now() + delay,
      reason,
    });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.attempt();
    }, delay);
  }

  private clearRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private stopHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }

  private setState(state: ConnectionState): void {
    this.current = state;
    this.events.emit('state', state);
  }
}

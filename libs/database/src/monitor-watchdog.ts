import type { Connection } from 'mongoose';

type Client = ReturnType<Connection['getClient']>;

/**
 * Notices the MongoDB driver's monitor of a server hung in a check that will never end.
 *
 * The driver (mongodb 6.x, `Connection.writeCommand` in lib/cmap/connection.js) waits for the
 * socket's `drain` event whenever `socket.write` returns false, and only a socket `error` ends
 * that wait otherwise. A socket the server has just closed (a database restart) is destroyed a
 * moment before its `close` event; a write in between returns false and emits neither `error` nor
 * `drain`, so the wait never ends. When the monitor's `hello` lands there (server selection asks
 * for a check as soon as an operation fails on another connection closed by the same restart),
 * its check never completes: the monitor never checks the server again, the server stays
 * "unknown" with the error that made it so, and every operation fails server selection while the
 * database answers. No driver option bounds that wait, so the owner of the client replaces it.
 *
 * A check the driver runs normally ends within `limitMs` (its own socket timeouts); one that has
 * not is reported once, through `onHung`.
 */
export class MonitorWatchdog {
  private readonly checkStartedAt = new Map<string, number>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    client: Client,
    private readonly limitMs: number,
    private readonly onHung: (address: string, forMs: number) => void,
  ) {
    client.on('serverHeartbeatStarted', (e) => this.checkStartedAt.set(e.connectionId, Date.now()));
    client.on('serverHeartbeatSucceeded', (e) => this.checkStartedAt.delete(e.connectionId));
    client.on('serverHeartbeatFailed', (e) => this.checkStartedAt.delete(e.connectionId));
    this.timer = setInterval(() => this.inspect(), Math.max(250, limitMs / 4));
    // The watchdog alone must not keep a process alive.
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private inspect(): void {
    const now = Date.now();
    for (const [address, startedAt] of this.checkStartedAt) {
      if (now - startedAt <= this.limitMs) continue;
      this.stop();
      this.onHung(address, now - startedAt);
      return;
    }
  }
}

import { ConnectionCounts } from '@parley/contracts';
import { GatewayLiveness, UserPresence } from './presence.repository';

/**
 * A user's stored state changed: the count of their connections on a gateway, and with it perhaps
 * the verdict online/offline (`flipped`). `before` are the counts the change started from.
 */
export interface PresenceChange {
  presence: UserPresence;
  flipped: boolean;
  before: ConnectionCounts;
}

interface GatewayState {
  users: Set<string>;
  intervalMs: number;
  /** When it was last heard from: its users' last sight of them if it is taken for dead. */
  lastHeardMs: number;
  /** Its silence counts from here: its last heartbeat, or the restore if that came later. */
  silentSinceMs: number;
}

/** A gateway that misses this many heartbeats is taken for dead, and its users for gone. */
const MISSED_HEARTBEATS = 3;
/** Until a restored gateway's next heartbeat says its interval, assume a generous one. */
const ASSUMED_INTERVAL_MS = 30_000;

/**
 * Who is online, over all gateways, and with how many connections on each: a user is online while
 * any live gateway holds a connection of theirs. Pure and in memory, held by the single active
 * consumer of the presence queue; only online users and live gateways are kept. A report states a
 * count rather than a step, so replaying an event changes nothing and a redelivered batch is harmless.
 */
export class PresenceTracker {
  private readonly gateways = new Map<string, GatewayState>();
  /** Online users: their connections on each gateway holding them, and when they were last reported online. */
  private readonly online = new Map<string, { gateways: Map<string, number>; since: string; rev: number }>();
  /** The last presence revision given out; every flip takes a higher one (see `PresenceState`). */
  private rev = 0;

  /**
   * Rebuilds from what was stored. A gateway's silence counts from the restore, not from when it was
   * last heard: while this consumer was away (a failover, a broker outage) no heartbeat could
   * reach it, so a gateway silent since then may well be alive. One that died before is expired
   * once it stays silent through a grace from the restore.
   */
  static restore(
    stored: readonly UserPresence[],
    liveness: Readonly<Record<string, GatewayLiveness>>,
    nowMs: number,
    lastRev = 0,
  ): PresenceTracker {
    const tracker = new PresenceTracker();
    tracker.rev = stored.reduce((max, p) => Math.max(max, p.rev), lastRev);
    for (const { userId, connections, lastSeen, rev } of stored) {
      const gateways = Object.keys(connections);
      if (gateways.length === 0) continue;
      for (const gatewayId of gateways) {
        const known = liveness[gatewayId];
        const gateway = tracker.gateway(
          gatewayId,
          known?.lastHeardMs ?? nowMs,
          known?.intervalMs ?? ASSUMED_INTERVAL_MS,
        );
        gateway.silentSinceMs = Math.max(gateway.silentSinceMs, nowMs);
        gateway.users.add(userId);
      }
      tracker.online.set(userId, {
        gateways: new Map(Object.entries(connections)),
        since: lastSeen ?? new Date(nowMs).toISOString(),
        rev,
      });
    }
    return tracker;
  }

  /** A gateway's count of the user's connections on it; a report without one (version 2) counts one or none. */
  reported(
    report: { userId: string; gatewayId: string; online: boolean; at: string; connections?: number },
    nowMs: number,
  ): PresenceChange | null {
    const { userId, gatewayId } = report;
    const count = report.connections ?? (report.online ? 1 : 0);
    const gateway = this.gateway(gatewayId, nowMs);
    const user = this.online.get(userId);
    if (count > 0) {
      if (user?.gateways.get(gatewayId) === count) return null;
      gateway.users.add(userId);
      if (user) {
        const before = countsOf(user.gateways);
        user.gateways.set(gatewayId, count);
        return { presence: this.presenceOf(userId), flipped: false, before };
      }
      this.online.set(userId, {
        gateways: new Map([[gatewayId, count]]),
        since: report.at,
        rev: this.nextRev(nowMs),
      });
      return { presence: this.presenceOf(userId), flipped: true, before: {} };
    }
    if (!user?.gateways.has(gatewayId)) return null;
    gateway.users.delete(userId);
    return this.leave(userId, gatewayId, report.at, nowMs);
  }

  /** When each live gateway was last heard from, to be stored for the next failover. */
  liveness(): Record<string, GatewayLiveness> {
    return Object.fromEntries(
      [...this.gateways].map(([id, g]) => [id, { lastHeardMs: g.lastHeardMs, intervalMs: g.intervalMs }]),
    );
  }

  heartbeat(beat: { gatewayId: string; intervalMs: number }, nowMs: number): void {
    this.gateway(beat.gatewayId, nowMs, beat.intervalMs);
  }

  /** Forgets every gateway that missed its heartbeats; its users were last seen when it was last heard from. */
  expire(nowMs: number): PresenceChange[] {
    const changes: PresenceChange[] = [];
    for (const [gatewayId, gateway] of this.gateways) {
      if (nowMs - gateway.silentSinceMs <= MISSED_HEARTBEATS * gateway.intervalMs) continue;
      this.gateways.delete(gatewayId);
      const lastSeen = new Date(gateway.lastHeardMs).toISOString();
      for (const userId of gateway.users) changes.push(this.leave(userId, gatewayId, lastSeen, nowMs));
    }
    return changes;
  }

  /** The last revision given out, to be stored so that the next holder of the tracker goes on from it. */
  lastRev(): number {
    return this.rev;
  }

  private leave(userId: string, gatewayId: string, at: string, nowMs: number): PresenceChange {
    const user = this.online.get(userId)!;
    const before = countsOf(user.gateways);
    user.gateways.delete(gatewayId);
    if (user.gateways.size > 0) return { presence: this.presenceOf(userId), flipped: false, before };
    this.online.delete(userId);
    const rev = this.nextRev(nowMs);
    return {
      presence: { userId, online: false, gateways: [], connections: {}, lastSeen: at, rev },
      flipped: true,
      before,
    };
  }

  private presenceOf(userId: string): UserPresence {
    const user = this.online.get(userId)!;
    return {
      userId,
      online: true,
      gateways: [...user.gateways.keys()],
      connections: countsOf(user.gateways),
      lastSeen: user.since,
      rev: user.rev,
    };
  }

  /** Higher than any given out before, here or by an earlier holder (the clock covers a lost last value). */
  private nextRev(nowMs: number): number {
    this.rev = Math.max(this.rev + 1, nowMs);
    return this.rev;
  }

  /** The gateway, created if new; hearing from it at all proves it alive. */
  private gateway(gatewayId: string, nowMs: number, intervalMs?: number): GatewayState {
    let gateway = this.gateways.get(gatewayId);
    if (!gateway) {
      gateway = {
        users: new Set(),
        intervalMs: intervalMs ?? ASSUMED_INTERVAL_MS,
        lastHeardMs: nowMs,
        silentSinceMs: nowMs,
      };
      this.gateways.set(gatewayId, gateway);
    }
    gateway.lastHeardMs = nowMs;
    gateway.silentSinceMs = nowMs;
    if (intervalMs !== undefined) gateway.intervalMs = intervalMs;
    return gateway;
  }
}

const countsOf = (gateways: ReadonlyMap<string, number>): ConnectionCounts => Object.fromEntries(gateways);

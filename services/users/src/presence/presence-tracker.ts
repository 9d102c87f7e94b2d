import { GatewayLiveness, UserPresence } from './presence.repository';

/** A user's stored state changed; `flipped` when the verdict online/offline did. */
export interface PresenceChange {
  presence: UserPresence;
  flipped: boolean;
}

interface GatewayState {
  users: Set<string>;
  intervalMs: number;
  lastHeardMs: number;
}

/** A gateway that misses this many heartbeats is taken for dead, and its users for gone. */
const MISSED_HEARTBEATS = 3;
/** Until a restored gateway's next heartbeat says its interval, assume a generous one. */
const ASSUMED_INTERVAL_MS = 30_000;

/**
 * Who is online, over all gateways: a user is online while any live gateway holds them. Pure and
 * in memory, held by the single active consumer of the presence queue; only online users and
 * live gateways are kept. Replaying an event changes nothing, so a redelivered batch is harmless.
 */
export class PresenceTracker {
  private readonly gateways = new Map<string, GatewayState>();
  /** Online users: the gateways holding them, and when they were last reported online. */
  private readonly online = new Map<string, { gateways: Set<string>; since: string; rev: number }>();
  /** The last presence revision given out; every flip takes a higher one (see `PresenceState`). */
  private rev = 0;

  /**
   * Rebuilds from what was stored. A gateway keeps the liveness stored for it, so one that died
   * before the failover is expired at the next sweep; one with none stored gets a grace period.
   */
  static restore(
    stored: readonly UserPresence[],
    liveness: Readonly<Record<string, GatewayLiveness>>,
    nowMs: number,
    lastRev = 0,
  ): PresenceTracker {
    const tracker = new PresenceTracker();
    tracker.rev = stored.reduce((max, p) => Math.max(max, p.rev), lastRev);
    for (const { userId, gateways, lastSeen, rev } of stored) {
      if (gateways.length === 0) continue;
      for (const gatewayId of gateways) {
        const known = liveness[gatewayId];
        const gateway = tracker.gateway(
          gatewayId,
          known?.lastHeardMs ?? nowMs,
          known?.intervalMs ?? ASSUMED_INTERVAL_MS,
        );
        gateway.users.add(userId);
      }
      tracker.online.set(userId, {
        gateways: new Set(gateways),
        since: lastSeen ?? new Date(nowMs).toISOString(),
        rev,
      });
    }
    return tracker;
  }

  reported(
    report: { userId: string; gatewayId: string; online: boolean; at: string },
    nowMs: number,
  ): PresenceChange | null {
    const gateway = this.gateway(report.gatewayId, nowMs);
    const user = this.online.get(report.userId);
    if (report.online) {
      if (user?.gateways.has(report.gatewayId)) return null;
      gateway.users.add(report.userId);
      if (user) {
        user.gateways.add(report.gatewayId);
        return { presence: this.presenceOf(report.userId), flipped: false };
      }
      this.online.set(report.userId, {
        gateways: new Set([report.gatewayId]),
        since: report.at,
        rev: this.nextRev(nowMs),
      });
      return { presence: this.presenceOf(report.userId), flipped: true };
    }
    if (!user?.gateways.has(report.gatewayId)) return null;
    gateway.users.delete(report.userId);
    return this.leave(report.userId, report.gatewayId, report.at, nowMs);
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
      if (nowMs - gateway.lastHeardMs <= MISSED_HEARTBEATS * gateway.intervalMs) continue;
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
    user.gateways.delete(gatewayId);
    if (user.gateways.size > 0) return { presence: this.presenceOf(userId), flipped: false };
    this.online.delete(userId);
    return {
      presence: { userId, online: false, gateways: [], lastSeen: at, rev: this.nextRev(nowMs) },
      flipped: true,
    };
  }

  private presenceOf(userId: string): UserPresence {
    const user = this.online.get(userId)!;
    return { userId, online: true, gateways: [...user.gateways], lastSeen: user.since, rev: user.rev };
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
      gateway = { users: new Set(), intervalMs: intervalMs ?? ASSUMED_INTERVAL_MS, lastHeardMs: nowMs };
      this.gateways.set(gatewayId, gateway);
    }
    gateway.lastHeardMs = nowMs;
    if (intervalMs !== undefined) gateway.intervalMs = intervalMs;
    return gateway;
  }
}

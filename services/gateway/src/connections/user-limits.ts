import { Inject, Injectable } from '@nestjs/common';
import { ConnectionCounts, WS_CLOSE } from '@parley/contracts';
import { CONFIG } from '@parley/platform';
import { GatewayConfig } from '../config';
import { ConnectionRegistry } from './connection-registry';
import { excessHere } from './excess';
import { TokenBucket } from './token-bucket';

/** What other gateways hold of a user, as the users service last announced it. */
interface Elsewhere {
  connections: number;
  gateways: number;
}

/**
 * Limits per user, not per connection: at most MAX_CONNECTIONS_PER_USER connections over all
 * gateways, and one token bucket per user here for all their connections, divided among the
 * gateways holding them. What the others hold comes from the users service's presence
 * announcements, which every gateway receives.
 *
 * A gateway keeps those counts for the users connected to it, and for users already at the cap
 * elsewhere, who are refused at once. A user's first connection to a gateway is otherwise admitted
 * before that gateway knows of their others; the announcement that follows its report tells it,
 * and when it shows more than the cap in all, the excess is closed: by the gateway whose id sorts
 * last, the newest connections first (`excessHere`). So a user exceeds the cap only while
 * connections race on several gateways, for one announcement's time.
 */
@Injectable()
export class UserLimits {
  /** The buckets of the users connected here, and of those who left until it has refilled. */
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly elsewhere = new Map<string, Elsewhere>();
  private readonly cap: number;
  readonly tooManyReason: string;

  constructor(
    private readonly registry: ConnectionRegistry,
    @Inject(CONFIG) private readonly config: GatewayConfig,
  ) {
    this.cap = config.MAX_CONNECTIONS_PER_USER;
    this.tooManyReason = `you have ${this.cap} connections open, the most allowed; close one first`;
  }

  /** The bucket for a new connection of the user, or null if they already hold the most allowed. */
  admit(userId: string, now: number): TokenBucket | null {
    const others = this.elsewhere.get(userId);
    if ((this.registry.of(userId)?.size ?? 0) + (others?.connections ?? 0) >= this.cap) return null;
    let bucket = this.buckets.get(userId);
    if (!bucket) {
      bucket = new TokenBucket(this.config.RATE_PER_SECOND, this.config.RATE_BURST, now);
      if (others) bucket.share(1 + others.gateways, now);
      this.buckets.set(userId, bucket);
    }
    return bucket;
  }

  /** The user's last connection here closed. Their bucket stays until it has refilled: reconnecting does not refill it. */
  left(userId: string): void {
    if ((this.elsewhere.get(userId)?.connections ?? 0) < this.cap) this.elsewhere.delete(userId);
  }

  /** The users service counted the user's connections on every gateway. */
  counted(userId: string, connections: ConnectionCounts, now: number): void {
    const self = this.config.GATEWAY_ID;
    const others: Elsewhere = { connections: 0, gateways: 0 };
    for (const gatewayId in connections) {
      if (gatewayId === self) continue;
      others.connections += connections[gatewayId]!;
      others.gateways++;
    }
    const here = this.registry.of(userId);
    if (!here) {
      if (others.connections >= this.cap) this.elsewhere.set(userId, others);
      else this.elsewhere.delete(userId);
      return;
    }
    if (others.gateways > 0) this.elsewhere.set(userId, others);
    else this.elsewhere.delete(userId);
    this.buckets.get(userId)?.share(1 + others.gateways, now);
    if (excessHere(connections, self, here.size, this.cap) === 0) return;
    const open = [...here].filter((connection) => !connection.closing);
    const excess = excessHere(connections, self, open.length, this.cap);
    for (const connection of open.slice(open.length - excess))
      void connection.end(WS_CLOSE.tooManyConnections, this.tooManyReason);
  }

  /** Announcements may have been missed (live delivery was interrupted): no count from elsewhere is trusted until the next. */
  forgetElsewhere(now: number): void {
    this.elsewhere.clear();
    for (const bucket of this.buckets.values()) bucket.share(1, now);
  }

  /** Drops the buckets of users gone from here that have refilled. */
  sweep(now: number): void {
    for (const [userId, bucket] of this.buckets)
      if (!this.registry.has(userId) && bucket.rested(now)) this.buckets.delete(userId);
  }
}

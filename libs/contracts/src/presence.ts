import { z } from 'zod';
import { defineEvent } from './envelope';
import { UserId } from './primitives';
import { PresenceState } from './users';

/** At most this many reports per event; a gateway sends what one turn of its event loop produced. */
export const MAX_PRESENCE_REPORTS = 5000;

/**
 * A gateway instance reports how many connections each user whose count changed holds on it now:
 * one event for all that happened in one turn of its event loop, one report per user, so a burst of
 * logins costs the broker a few messages rather than one per login. `online` is whether that count
 * is above 0. Version 2 reported only a user's first connection and last disconnection, with no
 * count; it is still read, as one connection or none.
 */
export const PresenceReported = defineEvent(
  'presence.reported',
  3,
  z.object({
    gatewayId: z.string().min(1),
    reports: z
      .array(
        z.object({
          userId: UserId,
          online: z.boolean(),
          at: z.iso.datetime(),
          connections: z.number().int().nonnegative().optional(),
        }),
      )
      .min(1)
      .max(MAX_PRESENCE_REPORTS),
  }),
  { routedBy: { segment: 'gatewayId', of: (event) => event.gatewayId }, readsFrom: 2 },
);

/** A gateway instance is alive; sent periodically, so the users of one that stopped sending can be marked offline. */
export const GatewayHeartbeat = defineEvent(
  'gateway.heartbeat',
  1,
  z.object({ gatewayId: z.string().min(1), at: z.iso.datetime(), intervalMs: z.number().int().positive() }),
  { routedBy: { segment: 'gatewayId', of: (heartbeat) => heartbeat.gatewayId } },
);

/** A user's connections on each gateway holding them (none while offline). */
export const ConnectionCounts = z.record(z.string().min(1), z.number().int().positive());
export type ConnectionCounts = z.infer<typeof ConnectionCounts>;

/**
 * The users service's verdict over all gateways, announced whenever a user comes online, goes
 * offline, or the count of their connections on any gateway changes. Gateways pass the verdict on
 * only to the user's friends, and only when its `rev` is newer than what they hold (a change of
 * counts alone keeps the revision); the counts are what each gateway limits the user's connections
 * and frames by. Version 2 had no `connections`.
 */
export const PresenceChanged = defineEvent(
  'presence.changed',
  3,
  PresenceState.extend({ userId: UserId, connections: ConnectionCounts }),
  { routedBy: { segment: 'userId', of: (presence) => presence.userId } },
);

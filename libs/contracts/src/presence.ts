import { z } from 'zod';
import { defineEvent } from './envelope';
import { UserId } from './primitives';
import { PresenceState } from './users';

/** At most this many reports per event; a gateway sends what one turn of its event loop produced. */
export const MAX_PRESENCE_REPORTS = 5000;

/**
 * A gateway instance reports, in order, whose first connection to it opened and whose last one
 * closed: one event for all that happened in one turn of its event loop, so a burst of logins
 * costs the broker a few messages rather than one per login.
 */
export const PresenceReported = defineEvent(
  'presence.reported',
  2,
  z.object({
    gatewayId: z.string().min(1),
    reports: z
      .array(z.object({ userId: UserId, online: z.boolean(), at: z.iso.datetime() }))
      .min(1)
      .max(MAX_PRESENCE_REPORTS),
  }),
);

/** A gateway instance is alive; sent periodically, so the users of one that stopped sending can be marked offline. */
export const GatewayHeartbeat = defineEvent(
  'gateway.heartbeat',
  1,
  z.object({ gatewayId: z.string().min(1), at: z.iso.datetime(), intervalMs: z.number().int().positive() }),
);

/**
 * The users service's verdict over all gateways: a user came online or went offline. Gateways pass
 * it on only to the user's friends.
 */
export const PresenceChanged = defineEvent('presence.changed', 2, PresenceState.extend({ userId: UserId }));

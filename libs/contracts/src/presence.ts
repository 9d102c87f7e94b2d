import { z } from 'zod';
import { defineEvent } from './envelope';
import { UserId } from './primitives';

/** A gateway instance reports that a user's first connection to it opened, or its last one closed. */
export const PresenceReported = defineEvent(
  'presence.reported',
  1,
  z.object({ userId: UserId, gatewayId: z.string().min(1), online: z.boolean(), at: z.iso.datetime() }),
);

/** A gateway instance is alive; sent periodically, so the users of one that stopped sending can be marked offline. */
export const GatewayHeartbeat = defineEvent(
  'gateway.heartbeat',
  1,
  z.object({ gatewayId: z.string().min(1), at: z.iso.datetime(), intervalMs: z.number().int().positive() }),
);

/** The users service's verdict over all gateways: a user came online or went offline. */
export const PresenceChanged = defineEvent(
  'presence.changed',
  1,
  z.object({ userId: UserId, online: z.boolean(), lastSeen: z.iso.datetime().nullable() }),
);

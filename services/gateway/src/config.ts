import { BaseConfig } from '@parley/platform';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';

export const GatewayConfig = BaseConfig.extend({
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters'),
  /** Names this instance's queue; unique per running instance. */
  GATEWAY_ID: z
    .string()
    .regex(/^[a-z0-9-]{1,40}$/, 'must be 1-40 characters of a-z 0-9 -')
    .default(() => randomBytes(6).toString('hex')),
  HEARTBEAT_MS: z.coerce.number().int().min(100).max(300_000).default(15_000),
  /** Frames a user may send, over all their connections and gateways: refill rate and bucket size. */
  RATE_PER_SECOND: z.coerce.number().min(1).max(100_000).default(20),
  RATE_BURST: z.coerce.number().int().min(1).max(100_000).default(50),
  /** Connections a user may hold open at once, over all gateways. */
  MAX_CONNECTIONS_PER_USER: z.coerce.number().int().min(1).max(1000).default(10),
  /** Invalid, oversized or wrongly rate-limited frames tolerated per minute before the connection is closed. */
  ABUSE_LIMIT: z.coerce.number().int().min(1).max(100_000).default(30),
  RPC_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
});
export type GatewayConfig = z.infer<typeof GatewayConfig>;

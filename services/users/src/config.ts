import { BaseConfig } from '@parley/platform';
import { DatabaseConfig } from '@parley/database';
import { z } from 'zod';

export const UsersConfig = BaseConfig.extend({
  ...DatabaseConfig.shape,
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(8081),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters'),
  /** As short as 2 s for tests of expiring connections; clients refresh ahead of expiry. */
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(2).max(86_400).default(900),
  REFRESH_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(31_536_000).default(2_592_000),
  /**
   * The wait after the first failed login beyond an allowance; it doubles with each further one,
   * up to 30 times this. Tests shorten it to see a wait end.
   */
  LOGIN_BACKOFF_BASE_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  /** How often spent refresh tokens, ended sessions and revocations that can no longer matter are deleted. */
  SESSIONS_SWEEP_MS: z.coerce.number().int().min(1000).max(86_400_000).default(3_600_000),
});
export type UsersConfig = z.infer<typeof UsersConfig>;

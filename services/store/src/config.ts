import { BaseConfig } from '@parley/platform';
import { DatabaseConfig } from '@parley/database';
import { z } from 'zod';

export const StoreConfig = BaseConfig.extend({
  ...DatabaseConfig.shape,
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(8082),
  /** Broker messages (each a batch of chat messages) a shard consumer may hold: the bound of one batch. */
  STORE_PREFETCH: z.coerce.number().int().min(1).max(1000).default(32),
});
export type StoreConfig = z.infer<typeof StoreConfig>;

import { BaseConfig } from '@parley/platform';
import { z } from 'zod';

export const StoreConfig = BaseConfig.extend({
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(8082),
  /** Unacknowledged messages a shard consumer may hold: the upper bound of one batch. */
  STORE_PREFETCH: z.coerce.number().int().min(1).max(5000).default(500),
});
export type StoreConfig = z.infer<typeof StoreConfig>;

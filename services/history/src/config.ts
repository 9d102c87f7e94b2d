import { BaseConfig } from '@parley/platform';
import { z } from 'zod';

export const HistoryConfig = BaseConfig.extend({
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(8083),
  /** Broker messages (each a batch of events) a shard consumer may hold: the bound of one batch. */
  HISTORY_PREFETCH: z.coerce.number().int().min(1).max(1000).default(32),
  /** Recent messages kept in memory for reads, in all and per conversation; 0 turns it off. */
  HISTORY_CACHE_MESSAGES: z.coerce.number().int().min(0).max(10_000_000).default(200_000),
  HISTORY_CACHE_PER_CONVERSATION: z.coerce.number().int().min(1).max(100_000).default(2_000),
});
export type HistoryConfig = z.infer<typeof HistoryConfig>;

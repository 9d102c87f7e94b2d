import { BaseConfig } from '@parley/platform';
import { DatabaseConfig } from '@parley/database';
import { z } from 'zod';

export const HistoryConfig = BaseConfig.extend({
  ...DatabaseConfig.shape,
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(8083),
  /** Broker messages (each a batch of events) a shard consumer may hold: the bound of one batch. */
  HISTORY_PREFETCH: z.coerce.number().int().min(1).max(1000).default(32),
  /**
   * How long a shard's events may gather before they are applied: the read model then writes each
   * busy conversation once per interval instead of once per message. Opening a conversation does
   * not wait for it (it reads the log's newest seq); unread counts lag by up to this much.
   */
  HISTORY_LINGER_MS: z.coerce.number().int().min(0).max(5000).default(250),
  /** Recent messages kept in memory for reads, in all and per conversation; 0 turns it off. */
  HISTORY_CACHE_MESSAGES: z.coerce.number().int().min(0).max(10_000_000).default(200_000),
  HISTORY_CACHE_PER_CONVERSATION: z.coerce.number().int().min(1).max(100_000).default(2_000),
  /** Conversation states kept in memory (the most recently used); the rest are read from the database. */
  HISTORY_CACHE_STATES: z.coerce.number().int().min(0).max(10_000_000).default(100_000),
});
export type HistoryConfig = z.infer<typeof HistoryConfig>;

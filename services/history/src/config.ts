import { BaseConfig } from '@parley/platform';
import { z } from 'zod';

export const HistoryConfig = BaseConfig.extend({
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(8083),
  HISTORY_PREFETCH: z.coerce.number().int().min(1).max(5000).default(500),
});
export type HistoryConfig = z.infer<typeof HistoryConfig>;

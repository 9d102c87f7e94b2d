import { QUEUES } from '@parley/contracts';
import { CONFIG } from '@parley/platform';
import { provideShardConsumers } from '@parley/database';
import { HistoryConfig } from '../config';
import { HistoryEventData, ReadModelService } from './read-model.service';

/** History's consumers of stored messages and submitted receipts, one per shard queue. */
export const HistoryEventsConsumer = provideShardConsumers<HistoryEventData>({
  inject: [ReadModelService, CONFIG],
  options: (readModel: ReadModelService, config: HistoryConfig) => ({
    queue: QUEUES.historyShard,
    prefetch: config.HISTORY_PREFETCH,
    stallAfterMs: config.STALL_AFTER_MS,
    lingerMs: config.HISTORY_LINGER_MS,
    handler: (batch) => readModel.apply(batch),
    onSubscribe: (shard) => readModel.forgetShard(shard),
  }),
});

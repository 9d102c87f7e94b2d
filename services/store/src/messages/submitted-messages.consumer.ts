import { EventData, MessagesSubmitted, QUEUES } from '@parley/contracts';
import { CONFIG } from '@parley/platform';
import { provideShardConsumers } from '@parley/database';
import { StoreConfig } from '../config';
import { ConversationHeads } from './conversation-heads';
import { MessageStoreService } from './message-store.service';

/** The store's consumers of the submitted messages, one per shard queue. */
export const SubmittedMessagesConsumer = provideShardConsumers<EventData<typeof MessagesSubmitted>>({
  inject: [MessageStoreService, ConversationHeads, CONFIG],
  options: (store: MessageStoreService, heads: ConversationHeads, config: StoreConfig) => ({
    queue: QUEUES.storeShard,
    prefetch: config.STORE_PREFETCH,
    stallAfterMs: config.STALL_AFTER_MS,
    handler: (batch) => store.storeBatch(batch.flatMap((d) => d.event.data.messages)),
    onSubscribe: (shard) => heads.forgetShard(shard),
  }),
});

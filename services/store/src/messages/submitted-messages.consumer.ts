import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { EventData, MessagesSubmitted, QUEUES } from '@parley/contracts';
import { AmqpConnection } from '@parley/messaging';
import { CONFIG, Database, HealthRegistry, LOGGER, Logger, ShardConsumers } from '@parley/platform';
import { StoreConfig } from '../config';
import { ConversationHeads } from './conversation-heads';
import { MessageStoreService } from './message-store.service';

@Injectable()
export class SubmittedMessagesConsumer implements OnModuleInit, OnModuleDestroy {
  private readonly shards: ShardConsumers<EventData<typeof MessagesSubmitted>>;

  constructor(
    store: MessageStoreService,
    heads: ConversationHeads,
    @Inject(AmqpConnection) private readonly broker: AmqpConnection,
    @Inject(Database) private readonly database: Database,
    @Inject(CONFIG) config: StoreConfig,
    @Inject(LOGGER) logger: Logger,
    health: HealthRegistry,
  ) {
    this.shards = new ShardConsumers({
      queue: QUEUES.storeShard,
      prefetch: config.STORE_PREFETCH,
      stallAfterMs: config.STALL_AFTER_MS,
      logger,
      handler: (batch) => store.storeBatch(batch.flatMap((d) => d.event.data.messages)),
      onSubscribe: (shard) => heads.forgetShard(shard),
    });
    health.add(this.shards.health);
  }

  onModuleInit(): void {
    this.shards.start(this.broker, this.database);
  }

  onModuleDestroy(): Promise<void> {
    return this.shards.stop();
  }
}

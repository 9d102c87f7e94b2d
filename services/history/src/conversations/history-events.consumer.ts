import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { QUEUES } from '@parley/contracts';
import { AmqpConnection } from '@parley/messaging';
import { CONFIG, Database, HealthRegistry, LOGGER, Logger, ShardConsumers } from '@parley/platform';
import { HistoryConfig } from '../config';
import { HistoryEventData, ReadModelService } from './read-model.service';

@Injectable()
export class HistoryEventsConsumer implements OnModuleInit, OnModuleDestroy {
  private readonly shards: ShardConsumers<HistoryEventData>;

  constructor(
    readModel: ReadModelService,
    @Inject(AmqpConnection) private readonly broker: AmqpConnection,
    @Inject(Database) private readonly database: Database,
    @Inject(CONFIG) config: HistoryConfig,
    @Inject(LOGGER) logger: Logger,
    health: HealthRegistry,
  ) {
    this.shards = new ShardConsumers<HistoryEventData>({
      queue: QUEUES.historyShard,
      prefetch: config.HISTORY_PREFETCH,
      stallAfterMs: config.STALL_AFTER_MS,
      lingerMs: config.HISTORY_LINGER_MS,
      logger,
      handler: (batch) => readModel.apply(batch),
      onSubscribe: (shard) => readModel.forgetShard(shard),
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

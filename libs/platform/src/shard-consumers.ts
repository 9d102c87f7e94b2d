import { EventContract, SHARDS } from '@parley/contracts';
import { AmqpConnection, BatchConsumer, Delivery } from '@parley/messaging';
import { z } from 'zod';
import { Database } from './database';
import { HealthProbe } from './health';
import { Logger } from './logger';

export interface ShardConsumersOptions<T> {
  queue: (shard: number) => string;
  contracts: readonly EventContract<string, z.ZodType<T>>[];
  prefetch: number;
  logger: Logger;
  handler: (batch: readonly Delivery<T>[]) => Promise<void>;
  /** State cached for a shard may be stale once its subscription is renewed. */
  onSubscribe: (shard: number) => void;
}

/**
 * One batch consumer per shard queue. Each shard queue has a single active consumer across all
 * instances of a service, so one process at a time works on a conversation, in order.
 */
export class ShardConsumers<T> {
  private readonly consumers: BatchConsumer<T>[];

  constructor(options: ShardConsumersOptions<T>) {
    this.consumers = SHARDS.map(
      (shard) =>
        new BatchConsumer<T>({
          queue: options.queue(shard),
          contracts: options.contracts,
          prefetch: options.prefetch,
          maxBatch: options.prefetch,
          logger: options.logger,
          handler: options.handler,
          onSubscribe: () => options.onSubscribe(shard),
        }),
    );
  }

  /** Subscribes once the database is open: a batch taken before could only wait or fail. */
  start(broker: AmqpConnection, database: Database): void {
    void database.open().then(() => Promise.all(this.consumers.map((c) => c.attach(broker))));
  }

  async stop(): Promise<void> {
    await Promise.all(this.consumers.map((c) => c.stop()));
  }

  readonly health: HealthProbe = {
    name: 'consumers',
    problem: () => {
      const detached = this.consumers.filter((c) => !c.attached).length;
      return detached === 0 ? null : `${detached} of ${this.consumers.length} shard consumers not attached`;
    },
  };
}

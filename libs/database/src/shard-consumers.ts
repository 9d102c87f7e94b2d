import { FactoryProvider, InjectionToken, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { SHARDS } from '@parley/contracts';
import { BatchConsumption, Bus, Coalescer, Delivery, QueueOf } from '@parley/messaging';
import { HealthProbe, HealthRegistry, QueueLag } from '@parley/platform';
import { Database } from './database';

export interface ShardConsumersOptions<T> {
  /** The declaration of each shard's queue, whose events are of the contracts it carries. */
  queue: (shard: number) => QueueOf<T>;
  prefetch: number;
  lingerMs?: number;
  /** A batch in hand for longer than this makes the health check fail: the service is stuck. */
  stallAfterMs: number;
  handler: (batch: readonly Delivery<T>[]) => Promise<void>;
  /** State cached for a shard may be stale once its subscription is renewed. */
  onSubscribe: (shard: number) => void;
}

/**
 * One batch consumer per shard queue. Each shard queue has a single active consumer across all
 * instances of a service, so one process at a time works on a conversation, in order.
 *
 * The shards of this process commit as a group: one batch is handled at a time, and whatever the
 * shards hand over meanwhile is handled together as the next one. The database takes one write for
 * all of them instead of one per shard (its writers queue behind one lock, and concurrent ones back
 * off by sleeping), and under load the batches grow by themselves instead of queueing as many small
 * writes. A message retried alone, to single out a poison message, is handled by itself so that it
 * harms no other shard.
 */
export class ShardConsumers<T> implements OnModuleInit, OnModuleDestroy {
  private consumers: BatchConsumption[] = [];
  private stopped = false;
  private readonly together: Coalescer<0, readonly Delivery<T>[]>;
  private readonly stallAfterMs: number;

  constructor(
    private readonly bus: Bus,
    private readonly database: Database,
    private readonly options: ShardConsumersOptions<T>,
  ) {
    this.stallAfterMs = options.stallAfterMs;
    this.together = new Coalescer(SHARDS.length, (_, batches) => options.handler(batches.flat()), {
      oneAtATime: true,
    });
  }

  /** Subscribes once the database is open: a batch taken before could only wait or fail. */
  onModuleInit(): void {
    const options = this.options;
    void this.database.open().then(() => {
      if (this.stopped) return;
      this.consumers = SHARDS.map((shard) =>
        this.bus.consumeBatches(options.queue(shard), {
          prefetch: options.prefetch,
          maxBatch: options.prefetch,
          lingerMs: options.lingerMs,
          handler: (batch, { alone }) => (alone ? options.handler(batch) : this.together.add(0, batch)),
          onSubscribe: () => options.onSubscribe(shard),
        }),
      );
    });
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.consumers.map((c) => c.stop()));
  }

  /** Each consumer's channel is in `/health` by itself; this says when one is attached but stuck. */
  readonly health: HealthProbe = {
    name: 'consumers',
    problem: () => {
      const longest = Math.max(...this.consumers.map((c) => c.inHandFor()));
      return longest > this.stallAfterMs
        ? `a batch has been in hand for ${Math.round(longest / 1000)} s: the database or the broker is not answering`
        : null;
    },
  };
}

/**
 * A service's shard consumers as a provider: `options` is called with the providers named in
 * `inject`; they subscribe with the module, once the database is open, and stop with it. Their
 * queues' ready messages are reported as consumer lag at `/metrics`.
 */
export function provideShardConsumers<T>(definition: {
  inject: InjectionToken[];
  options: (...providers: never[]) => ShardConsumersOptions<T>;
}): FactoryProvider<ShardConsumers<T>> {
  return {
    provide: ShardConsumers,
    inject: [Bus, Database, HealthRegistry, QueueLag, ...definition.inject],
    useFactory: (
      bus: Bus,
      database: Database,
      health: HealthRegistry,
      lag: QueueLag,
      ...providers: unknown[]
    ) => {
      const options = definition.options(...(providers as never[]));
      const consumers = new ShardConsumers(bus, database, options);
      health.add(consumers.health);
      lag.watch(SHARDS.map((shard) => options.queue(shard).name));
      return consumers;
    },
  };
}

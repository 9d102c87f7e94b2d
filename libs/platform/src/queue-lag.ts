import { Inject, Injectable } from '@nestjs/common';
import { AmqpConnection, QueueDepths } from '@parley/messaging';
import { Metrics } from './metrics';

/**
 * `parley_queue_messages_ready{queue}`: the messages waiting in the queues a service consumes,
 * beyond those its consumers already hold, asked of the broker at each scrape (one passive declare
 * per queue, nothing between scrapes). Every instance consuming a queue reports the same figure:
 * aggregate with max, not sum. A queue the broker cannot tell about right now has no sample.
 */
@Injectable()
export class QueueLag {
  private readonly queues = new Set<string>();
  private depths: QueueDepths | null = null;

  constructor(
    @Inject(Metrics) private readonly metrics: Metrics,
    @Inject(AmqpConnection) private readonly connection: AmqpConnection,
  ) {}

  /** Reports these queues from now on; the first call opens the channel the checks go over. */
  watch(queues: readonly string[]): void {
    if (!this.depths) this.start();
    for (const queue of queues) this.queues.add(queue);
  }

  private start(): void {
    const depths = new QueueDepths(this.connection);
    this.depths = depths;
    const queues = this.queues;
    this.metrics.gauge({
      name: 'parley_queue_messages_ready',
      help: 'Messages ready in a consumed queue, not yet delivered to a consumer (consumer lag), by queue',
      labelNames: ['queue'],
      async collect() {
        this.reset();
        const counts = await Promise.all(
          [...queues].map(async (queue) => [queue, await depths.ready(queue)] as const),
        );
        for (const [queue, count] of counts) if (count !== null) this.set({ queue }, count);
      },
    });
  }
}

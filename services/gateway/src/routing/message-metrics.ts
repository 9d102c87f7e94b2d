import { Inject, Injectable } from '@nestjs/common';
import { Counter, Histogram, LATENCY_BUCKETS_SECONDS, Metrics, secondsSince } from '@parley/platform';

/** What this gateway accepted and pushed of chat messages, as Prometheus series. */
@Injectable()
export class MessageMetrics {
  private readonly acceptedTotal: Counter;
  private readonly deliveredTotal: Counter;
  private readonly storedToPushed: Histogram;

  constructor(@Inject(Metrics) metrics: Metrics) {
    this.acceptedTotal = metrics.counter({
      name: 'parley_messages_accepted_total',
      help: 'Chat messages accepted from a sender and confirmed by the broker (each sender was acked)',
    });
    this.deliveredTotal = metrics.counter({
      name: 'parley_messages_delivered_total',
      help: 'Stored chat messages pushed to at least one live connection of their recipient on this gateway',
    });
    this.storedToPushed = metrics.histogram({
      name: 'parley_stored_to_pushed_seconds',
      help: "From the store's storedAt of a message to its push to connections on this gateway",
      buckets: LATENCY_BUCKETS_SECONDS,
    });
  }

  accepted(count: number): void {
    this.acceptedTotal.inc(count);
  }

  /** A stored message pushed to connections here; `toRecipient` when its recipient's among them. */
  pushed(storedAt: string, toRecipient: boolean, now = Date.now()): void {
    if (toRecipient) this.deliveredTotal.inc();
    this.storedToPushed.observe(secondsSince(storedAt, now));
  }
}

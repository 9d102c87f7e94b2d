import { Inject, Injectable } from '@nestjs/common';
import { SubmittedMessage } from '@parley/contracts';
import { Counter, Histogram, LATENCY_BUCKETS_SECONDS, Metrics, secondsSince } from '@parley/platform';

/** What the store wrote to the message log, as Prometheus series. */
@Injectable()
export class StoreMetrics {
  private readonly storedTotal: Counter;
  private readonly sendToStored: Histogram;

  constructor(@Inject(Metrics) metrics: Metrics) {
    this.storedTotal = metrics.counter({
      name: 'parley_messages_stored_total',
      help: 'Chat messages written to the message log (a redelivery or resend of a stored one is not counted again)',
    });
    this.sendToStored = metrics.histogram({
      name: 'parley_send_to_stored_seconds',
      help: "From the gateway's sentAt (when it accepted the message) to the message written to the log",
      buckets: LATENCY_BUCKETS_SECONDS,
    });
  }

  /** Messages written just now, each for the first time. */
  stored(messages: readonly Pick<SubmittedMessage, 'sentAt'>[], now = Date.now()): void {
    this.storedTotal.inc(messages.length);
    for (const { sentAt } of messages) this.sendToStored.observe(secondsSince(sentAt, now));
  }
}

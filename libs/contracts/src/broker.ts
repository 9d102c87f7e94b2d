import { SHARD_COUNT } from './conversation';

/**
 * The broker's exchanges. Routing keys are made by the event contracts (`defineEvent`), queues are
 * declared in queues.ts; services never spell one out themselves.
 */
export const EXCHANGES = {
  events: 'parley.events',
  deadLetter: 'parley.dead-letter',
} as const;

/** How each exchange routes (both are durable): every event by its routing key, and every dead letter to the one queue. */
export const EXCHANGE_TYPES = { events: 'topic', deadLetter: 'fanout' } as const satisfies Record<
  keyof typeof EXCHANGES,
  string
>;

/** A bounded number of redeliveries, then the dead-letter queue: the same on RabbitMQ 3.10 and 4. */
export const DELIVERY_LIMIT = 5;

export const SHARDS: readonly number[] = Array.from({ length: SHARD_COUNT }, (_, i) => i);

/** RabbitMQ's direct reply-to pseudo-queue: replies without a reply queue per caller. */
export const DIRECT_REPLY_TO = 'amq.rabbitmq.reply-to';

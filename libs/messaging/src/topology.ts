import type { Channel } from 'amqplib';
import { EXCHANGES, EXCHANGE_TYPES, QueueDeclaration, SHARED_QUEUES } from '@parley/contracts';

/**
 * Declares every shared exchange and durable queue. Every service runs it on connect, so that an
 * event confirmed by the broker always lands in a durable queue, whichever service started first.
 * Declarations are idempotent as long as the arguments never change (see queue.ts).
 */
export async function declareTopology(channel: Channel): Promise<void> {
  await channel.assertExchange(EXCHANGES.events, EXCHANGE_TYPES.events, { durable: true });
  await channel.assertExchange(EXCHANGES.deadLetter, EXCHANGE_TYPES.deadLetter, { durable: true });
  for (const queue of SHARED_QUEUES) await declareQueue(channel, queue);
}

/** Asserts a queue as declared, binds its bindings and removes the bindings it retired. */
export async function declareQueue(channel: Channel, queue: QueueDeclaration): Promise<void> {
  const { durable, exclusive, autoDelete, arguments: args } = queue.options;
  await channel.assertQueue(queue.name, { durable, exclusive, autoDelete, arguments: args });
  for (const pattern of queue.bindings) await channel.bindQueue(queue.name, queue.exchange, pattern);
  for (const pattern of queue.retiredBindings) await channel.unbindQueue(queue.name, queue.exchange, pattern);
}

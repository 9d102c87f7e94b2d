import type { Channel } from 'amqplib';
import {
  BINDINGS,
  EXCHANGES,
  QUEUES,
  RETIRED_BINDINGS,
  RPC_QUEUE_ARGUMENTS,
  SHARDS,
  workQueueArguments,
} from '@parley/contracts';

/**
 * Declares every shared exchange and durable queue. Every service runs it on connect, so that an
 * event confirmed by the broker always lands in a durable queue, whichever service started first.
 * Declarations are idempotent as long as the arguments never change (see broker.ts).
 */
export async function declareTopology(channel: Channel): Promise<void> {
  await channel.assertExchange(EXCHANGES.events, 'topic', { durable: true });
  await channel.assertExchange(EXCHANGES.deadLetter, 'fanout', { durable: true });
  await channel.assertQueue(QUEUES.deadLetters, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
  await channel.bindQueue(QUEUES.deadLetters, EXCHANGES.deadLetter, '');
  for (const shard of SHARDS) {
    await declareWorkQueue(channel, QUEUES.storeShard(shard), BINDINGS.storeShard(shard), true);
    await declareWorkQueue(channel, QUEUES.historyShard(shard), BINDINGS.historyShard(shard), true);
    for (const pattern of RETIRED_BINDINGS.historyShard(shard))
      await channel.unbindQueue(QUEUES.historyShard(shard), EXCHANGES.events, pattern);
  }
  await declareWorkQueue(channel, QUEUES.usersPresence, BINDINGS.usersPresence, true);
}

async function declareWorkQueue(
  channel: Channel,
  queue: string,
  patterns: readonly string[],
  sac: boolean,
): Promise<void> {
  await channel.assertQueue(queue, {
    durable: true,
    arguments: workQueueArguments({ singleActiveConsumer: sac }),
  });
  for (const pattern of patterns) await channel.bindQueue(queue, EXCHANGES.events, pattern);
}

export async function declareRpcQueue(channel: Channel, queue: string): Promise<void> {
  await channel.assertQueue(queue, { durable: true, arguments: RPC_QUEUE_ARGUMENTS });
}

import { SHARD_COUNT } from './conversation';

/**
 * The broker topology, in one place. Every exchange, queue, routing key and binding that any
 * process declares or uses is built here; services never spell one out themselves.
 *
 * Routing keys of events about two users have five words, `<domain>.<event>.<shard>.<from>.<to>`,
 * so a gateway can bind a user with two patterns and a sharded consumer with one.
 */
export const EXCHANGES = {
  events: 'parley.events',
  deadLetter: 'parley.dead-letter',
} as const;

/** A bounded number of redeliveries, then the dead-letter queue: the same on RabbitMQ 3.10 and 4. */
export const DELIVERY_LIMIT = 5;

export const QUEUES = {
  deadLetters: 'parley.dead-letters',
  storeShard: (shard: number) => `store.messages.${shard}`,
  historyShard: (shard: number) => `history.events.${shard}`,
  usersPresence: 'users.presence',
  gateway: (gatewayId: string) => `gateway.${gatewayId}`,
} as const;

export const ROUTING = {
  messageSubmitted: (shard: number) => `message.submitted.${shard}`,
  messageStored: (shard: number, from: string, to: string) => `message.stored.${shard}.${from}.${to}`,
  receiptRecorded: (shard: number, reader: string, peer: string) =>
    `receipt.recorded.${shard}.${reader}.${peer}`,
  friendAdded: (userId: string, friendId: string) => `friend.added.0.${userId}.${friendId}`,
  friendRemoved: (userId: string, friendId: string) => `friend.removed.0.${userId}.${friendId}`,
  userRegistered: (userId: string) => `user.registered.${userId}`,
  presenceReported: (userId: string) => `presence.reported.${userId}`,
  presenceChanged: (userId: string) => `presence.changed.${userId}`,
  gatewayHeartbeat: (gatewayId: string) => `gateway.heartbeat.${gatewayId}`,
} as const;

export const BINDINGS = {
  storeShard: (shard: number) => [ROUTING.messageSubmitted(shard)],
  historyShard: (shard: number) => [`message.stored.${shard}.*.*`, `receipt.recorded.${shard}.*.*`],
  usersPresence: ['presence.reported.*', 'gateway.heartbeat.*'],
  /** Everything a gateway instance needs for one connected user: events from or to them. */
  gatewayUser: (userId: string) => [`*.*.*.${userId}.*`, `*.*.*.*.${userId}`],
  gatewayInstance: ['presence.changed.*'],
} as const;

export const SHARDS: readonly number[] = Array.from({ length: SHARD_COUNT }, (_, i) => i);

/** Arguments of every durable work queue. Each declaration must use exactly these ("inequivalent arg"). */
export function workQueueArguments(options: { singleActiveConsumer: boolean }): Record<string, unknown> {
  return {
    'x-queue-type': 'quorum',
    'x-delivery-limit': DELIVERY_LIMIT,
    'x-dead-letter-exchange': EXCHANGES.deadLetter,
    ...(options.singleActiveConsumer ? { 'x-single-active-consumer': true } : {}),
  };
}

/** RPC requests expire with their caller's deadline and are then dropped, never dead-lettered. */
export const RPC_QUEUE_ARGUMENTS: Record<string, unknown> = {
  'x-queue-type': 'classic',
};

/** RabbitMQ's direct reply-to pseudo-queue: replies without a reply queue per caller. */
export const DIRECT_REPLY_TO = 'amq.rabbitmq.reply-to';

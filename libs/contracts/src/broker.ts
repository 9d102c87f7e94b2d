import { SHARD_COUNT } from './conversation';

/**
 * The broker topology, in one place. Every exchange, queue, routing key and binding that any
 * process declares or uses is built here; services never spell one out themselves.
 *
 * Message and receipt events carry their conversation's shard, so a sharded consumer binds one
 * shard. Every gateway receives all of them (and every friend and presence event) and delivers what
 * concerns its own connections: a login costs the broker nothing, and messages cross the broker in
 * per-shard batches, which per-user routing could not carry.
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
  messagesSubmitted: (shard: number) => `messages.submitted.${shard}`,
  messagesStored: (shard: number | '*') => `messages.stored.${shard}`,
  receiptSubmitted: (shard: number) => `receipt.submitted.${shard}`,
  receiptRecorded: (shard: number | '*') => `receipt.recorded.${shard}`,
  contactChanged: (userId: string) => `contact.changed.${userId}`,
  userRegistered: (userId: string) => `user.registered.${userId}`,
  presenceReported: (gatewayId: string) => `presence.reported.${gatewayId}`,
  presenceChanged: (userId: string) => `presence.changed.${userId}`,
  gatewayHeartbeat: (gatewayId: string) => `gateway.heartbeat.${gatewayId}`,
  sessionsRevoked: (userId: string) => `sessions.revoked.${userId}`,
} as const;

export const BINDINGS = {
  storeShard: (shard: number) => [ROUTING.messagesSubmitted(shard)],
  historyShard: (shard: number) => [ROUTING.messagesStored(shard), ROUTING.receiptSubmitted(shard)],
  usersPresence: [ROUTING.presenceReported('*'), ROUTING.gatewayHeartbeat('*')],
  gatewayInstance: [
    ROUTING.messagesStored('*'),
    ROUTING.receiptRecorded('*'),
    ROUTING.contactChanged('*'),
    ROUTING.presenceChanged('*'),
    ROUTING.sessionsRevoked('*'),
  ],
} as const;

/**
 * Bindings of durable queues that an earlier version declared and this one no longer wants:
 * unbound on every (re)connection, so a broker that ran the earlier version stops routing them.
 */
export const RETIRED_BINDINGS = {
  /** History once took the receipts clients reported; now it checks them and publishes what it recorded. */
  historyShard: (shard: number) => [ROUTING.receiptRecorded(shard)],
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

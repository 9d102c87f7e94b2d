import { EXCHANGES, SHARDS } from './broker';
import { MessagesStored, MessagesSubmitted, ReceiptRecorded, ReceiptSubmitted } from './messages';
import { GatewayHeartbeat, PresenceChanged, PresenceReported } from './presence';
import { EventQueue, QueueDeclaration, fanOutQueue, workQueue } from './queue';
import { SessionsRevoked } from './sessions';
import { historyRpcQueue } from './history';
import { ContactChanged, usersRpcQueue } from './users';

/**
 * Every queue of the system, each declared once, with the contracts it carries.
 *
 * Message and receipt events carry their conversation's shard, so a sharded consumer binds one
 * shard. Every gateway receives all of them (and every friend and presence event) and delivers what
 * concerns its own connections: a login costs the broker nothing, and messages cross the broker in
 * per-shard batches, which per-user routing could not carry.
 */

/** Where messages go once their delivery limit is spent, or on arrival when malformed. */
const deadLetters: QueueDeclaration<readonly []> = {
  name: 'parley.dead-letters',
  options: { durable: true, arguments: { 'x-queue-type': 'quorum' } },
  exchange: EXCHANGES.deadLetter,
  bindings: [''],
  retiredBindings: [],
  carries: [],
  acknowledgement: 'none',
  validated: false,
};

const storeShards = SHARDS.map((shard) => workQueue(`store.messages.${shard}`, [MessagesSubmitted], shard));
const historyShards = SHARDS.map((shard) =>
  workQueue(
    `history.events.${shard}`,
    [MessagesStored, ReceiptSubmitted],
    shard,
    // History once took the receipts clients reported; now it checks them and publishes what it recorded.
    [ReceiptRecorded.binding(shard)],
  ),
);
const usersPresence = workQueue('users.presence', [PresenceReported, GatewayHeartbeat], '*');

const GATEWAY_CARRIES = [
  MessagesStored,
  ReceiptRecorded,
  ContactChanged,
  PresenceChanged,
  SessionsRevoked,
] as const;

function ofShard<Q>(queues: readonly Q[], kind: string): (shard: number) => Q {
  return (shard) => {
    const queue = queues[shard];
    if (queue === undefined)
      throw new Error(`no ${kind} queue of shard ${shard}: shards are 0 to ${queues.length - 1}`);
    return queue;
  };
}

export const QUEUES = {
  deadLetters,
  storeShard: ofShard(storeShards, 'store'),
  historyShard: ofShard(historyShards, 'history'),
  usersPresence,
  /** A gateway instance's own queue. */
  gateway: (gatewayId: string): EventQueue<typeof GATEWAY_CARRIES> => {
    if (gatewayId === '') throw new Error('a gateway queue needs the gateway id; it is empty');
    return fanOutQueue(`gateway.${gatewayId}`, GATEWAY_CARRIES);
  },
  usersRpc: usersRpcQueue,
  historyRpc: historyRpcQueue,
} as const;

/**
 * The durable queues every service declares on connect, so that an event confirmed by the broker
 * always lands in a durable queue, whichever service started first. A gateway's queue and an RPC
 * queue are declared by the one that consumes them: nothing is sent to them before it listens.
 */
export const SHARED_QUEUES: readonly QueueDeclaration[] = [
  deadLetters,
  ...storeShards,
  ...historyShards,
  usersPresence,
];

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SHARDS } from './broker';
import { shardOf } from './conversation';
import { AnyEventContract } from './envelope';
import { historyRpc } from './history';
import { MessagesStored, MessagesSubmitted, Receipt, ReceiptRecorded, ReceiptSubmitted } from './messages';
import { GatewayHeartbeat, PresenceChanged, PresenceReported } from './presence';
import { QueueDeclaration, rpcContractsOf } from './queue';
import { QUEUES, SHARED_QUEUES } from './queues';
import { SessionsRevoked } from './sessions';
import { ContactChanged, UserRegistered, usersRpc } from './users';

const userId = '0b7e8a5c-1d2f-4a3b-9c4d-5e6f7a8b9c0d';
const at = '2026-01-01T00:00:00.000Z';

/** A conversation of the given shard, found by trying ids. */
function conversationOfShard(shard: number): string {
  for (let i = 0; ; i++) if (shardOf(`a${i}:b`) === shard) return `a${i}:b`;
}

const message = (conversationId: string) => ({
  messageId: 'm1',
  clientMsgId: 'c1',
  conversationId,
  from: userId,
  to: userId,
  text: 'hi',
  sentAt: at,
});
const receipt = (conversationId: string): Receipt => ({
  kind: 'read',
  conversationId,
  reader: userId,
  peer: userId,
  upToSeq: 1,
  at,
});
const record = {
  user: { userId, username: 'ada', firstName: 'A', lastName: 'L' },
  mine: null,
  theirs: null,
  presence: null,
};

/** Every queue there is: each shard's, a gateway's and the RPC queues too. */
const everyQueue: QueueDeclaration[] = [
  QUEUES.deadLetters,
  ...SHARDS.map(QUEUES.storeShard),
  ...SHARDS.map(QUEUES.historyShard),
  QUEUES.usersPresence,
  QUEUES.gateway('gw0'),
  QUEUES.usersRpc,
  QUEUES.historyRpc,
];

describe('routing keys', () => {
  const three = conversationOfShard(3);

  // The keys on the wire are those brokers that ran earlier versions were bound with.
  it('are the keys of earlier versions, byte for byte', () => {
    const cases: [string, string][] = [
      [MessagesSubmitted.routingKey({ messages: [message(three)] }), 'messages.submitted.3'],
      [
        MessagesStored.routingKey({ messages: [{ ...message(three), seq: 1, storedAt: at }] }),
        'messages.stored.3',
      ],
      [ReceiptSubmitted.routingKey(receipt(three)), 'receipt.submitted.3'],
      [ReceiptRecorded.routingKey(receipt(three)), 'receipt.recorded.3'],
      [ContactChanged.routingKey({ userId, contact: record }), `contact.changed.${userId}`],
      [UserRegistered.routingKey(record.user), `user.registered.${userId}`],
      [PresenceReported.routingKey({ gatewayId: 'gw7', reports: [] }), 'presence.reported.gw7'],
      [
        PresenceChanged.routingKey({ userId, online: true, lastSeen: null, rev: 1, connections: {} }),
        `presence.changed.${userId}`,
      ],
      [GatewayHeartbeat.routingKey({ gatewayId: 'gw7', at, intervalMs: 1000 }), 'gateway.heartbeat.gw7'],
      [
        SessionsRevoked.routingKey({
          userId,
          sessionIds: [],
          begunBefore: null,
          except: null,
          reason: 'logged out',
          until: at,
        }),
        `sessions.revoked.${userId}`,
      ],
    ];
    for (const [key, expected] of cases) assert.equal(key, expected);
  });

  it('a batch of messages goes by the shard of its conversations', () => {
    for (const shard of SHARDS)
      assert.equal(
        MessagesSubmitted.routingKey({ messages: [message(conversationOfShard(shard))] }),
        `messages.submitted.${shard}`,
      );
  });

  it('refuses to route a batch of no messages, or of messages of two shards', () => {
    assert.throws(() => MessagesSubmitted.routingKey({ messages: [] }), /an empty one has none/);
    const other = conversationOfShard(4);
    assert.throws(
      () => MessagesSubmitted.routingKey({ messages: [message(three), message(other)] }),
      new RegExp(`${other} is of shard 4, the first message of shard 3`),
    );
  });

  it('a binding of one segment is that segment’s key, and of all of them a wildcard', () => {
    assert.equal(MessagesStored.binding(5), 'messages.stored.5');
    assert.equal(PresenceChanged.binding('*'), 'presence.changed.*');
  });
});

describe('queue declarations', () => {
  it('bind what earlier versions bound, and retire what they retired', () => {
    for (const shard of SHARDS) {
      const store = QUEUES.storeShard(shard);
      assert.equal(store.name, `store.messages.${shard}`);
      assert.deepEqual(store.bindings, [`messages.submitted.${shard}`]);
      const history = QUEUES.historyShard(shard);
      assert.equal(history.name, `history.events.${shard}`);
      assert.deepEqual(history.bindings, [`messages.stored.${shard}`, `receipt.submitted.${shard}`]);
      assert.deepEqual(history.retiredBindings, [`receipt.recorded.${shard}`]);
    }
    assert.equal(QUEUES.usersPresence.name, 'users.presence');
    assert.deepEqual(QUEUES.usersPresence.bindings, ['presence.reported.*', 'gateway.heartbeat.*']);
    assert.equal(QUEUES.gateway('gw0').name, 'gateway.gw0');
    assert.deepEqual(QUEUES.gateway('gw0').bindings, [
      'messages.stored.*',
      'receipt.recorded.*',
      'contact.changed.*',
      'presence.changed.*',
      'sessions.revoked.*',
    ]);
    assert.equal(QUEUES.deadLetters.name, 'parley.dead-letters');
    assert.deepEqual(QUEUES.deadLetters.bindings, ['']);
  });

  // A broker refuses to redeclare a durable queue with other arguments ("inequivalent arg").
  it('declare the arguments of earlier versions', () => {
    const work = {
      'x-queue-type': 'quorum',
      'x-delivery-limit': 5,
      'x-dead-letter-exchange': 'parley.dead-letter',
      'x-single-active-consumer': true,
    };
    for (const shard of SHARDS) {
      assert.deepEqual(QUEUES.storeShard(shard).options, { durable: true, arguments: work });
      assert.deepEqual(QUEUES.historyShard(shard).options, { durable: true, arguments: work });
    }
    assert.deepEqual(QUEUES.usersPresence.options, { durable: true, arguments: work });
    assert.deepEqual(QUEUES.deadLetters.options, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
    for (const rpc of [QUEUES.usersRpc, QUEUES.historyRpc])
      assert.deepEqual(rpc.options, { durable: true, arguments: { 'x-queue-type': 'classic' } });
    assert.deepEqual(QUEUES.gateway('gw0').options, {
      durable: false,
      exclusive: true,
      autoDelete: true,
      arguments: {},
    });
  });

  it('are bound to every event they carry, and carry every event they are bound to', () => {
    for (const queue of everyQueue.filter(
      (q) => q.acknowledgement === 'batch' || q.acknowledgement === 'fan-out',
    )) {
      const types = (queue.carries as readonly AnyEventContract[]).map((c) => c.type);
      assert.deepEqual(
        queue.bindings.map((b) => b.slice(0, b.lastIndexOf('.'))),
        types,
        `${queue.name} is bound to other events than it carries`,
      );
    }
  });

  it('every queue a service consumes in batches is declared by every service, before any publishes', () => {
    const shared = new Set(SHARED_QUEUES.map((q) => q.name));
    for (const queue of everyQueue)
      if (queue.acknowledgement === 'batch' || queue.acknowledgement === 'none')
        assert.ok(shared.has(queue.name), `${queue.name} is not among the shared queues`);
    // The rest are declared by their own consumer: nothing is sent to them before it listens.
    assert.deepEqual(
      everyQueue.filter((q) => !shared.has(q.name)).map((q) => q.acknowledgement),
      ['fan-out', 'rpc', 'rpc'],
    );
    assert.ok(SHARED_QUEUES.every((q) => q.options.durable));
    assert.equal(shared.size, SHARED_QUEUES.length, 'a shared queue is listed twice');
  });

  it('an RPC queue carries the contracts that name it, and only those', () => {
    for (const [queue, contracts] of [
      [QUEUES.usersRpc, usersRpc],
      [QUEUES.historyRpc, historyRpc],
    ] as const) {
      assert.deepEqual(rpcContractsOf(queue), Object.values(contracts));
      for (const contract of rpcContractsOf(queue)) assert.equal(contract.queue, queue.name);
    }
    assert.equal(QUEUES.usersRpc.name, 'users.rpc');
    assert.equal(QUEUES.historyRpc.name, 'history.rpc');
  });

  it('refuses a shard that does not exist, and a gateway without an id', () => {
    assert.throws(() => QUEUES.storeShard(SHARDS.length), /no store queue of shard 8: shards are 0 to 7/);
    assert.throws(() => QUEUES.historyShard(-1), /no history queue of shard -1/);
    assert.throws(() => QUEUES.gateway(''), /gateway id; it is empty/);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  MessagesStored,
  QUEUES,
  Receipt,
  ReceiptRecorded,
  ReceiptSubmitted,
  envelope,
  shardOf,
} from '@parley/contracts';
import { TestNamespace, createNamespace, eventually } from '@parley/testing';
import amqp from 'amqplib';
import { AmqpConnection } from '../src/amqp-connection';
import { Publisher } from '../src/publisher';
import { declareQueue, declareTopology } from '../src/topology';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const userId = '0b7e8a5c-1d2f-4a3b-9c4d-5e6f7a8b9c0d';
const at = new Date().toISOString();

/** A conversation of the given shard, found by trying ids. */
function conversationOfShard(shard: number): string {
  for (let i = 0; ; i++) if (shardOf(`a${i}:b`) === shard) return `a${i}:b`;
}

/** What the compiler refuses: an event under a contract not its own. Never called; compiling it is the check. */
export function refusedByTheCompiler(publisher: Publisher, receipt: Receipt): void {
  // @ts-expect-error a receipt as the gateway took it is not one history recorded, though their data is the same
  void publisher.publish(ReceiptRecorded, envelope(ReceiptSubmitted, receipt));
  // @ts-expect-error nor in a batch of them
  void publisher.publishAll(ReceiptRecorded, [envelope(ReceiptSubmitted, receipt)]);
}

/** The publisher against the real broker: the routing key comes from the event's contract and data. */
describe('Publisher', () => {
  let ns: TestNamespace;
  let connection: AmqpConnection;
  let inspect: amqp.ChannelModel;

  before(async () => {
    ns = await createNamespace('publisher');
    connection = new AmqpConnection({ url: ns.rabbitUrl, name: `test-${ns.name}`, logger: quiet });
    await connection.addSetup((_model, channel) => declareTopology(channel));
    await connection.start();
    inspect = await amqp.connect(ns.rabbitUrl);
  });

  after(async () => {
    await connection?.close();
    await inspect?.close();
    await ns?.dispose();
  });

  it('publishes under the key the contract makes of the data, where the queues that carry it are bound', async () => {
    const channel = await inspect.createChannel();
    // A gateway's queue carries stored messages of every shard; history's queue of shard 3 those of its own.
    const gateway = QUEUES.gateway('gw-test');
    await declareQueue(channel, gateway);
    const conversationId = conversationOfShard(3);
    const event = envelope(MessagesStored, {
      messages: [
        {
          messageId: 'm1',
          clientMsgId: 'c1',
          conversationId,
          from: userId,
          to: userId,
          text: 'hi',
          sentAt: at,
          seq: 1,
          storedAt: at,
        },
      ],
    });
    await new Publisher(connection).publish(MessagesStored, event);
    const got = await channel.get(gateway.name, { noAck: true });
    assert.ok(got, `nothing arrived in ${gateway.name}`);
    assert.equal(got.fields.routingKey, 'messages.stored.3');
    assert.equal(JSON.parse(got.content.toString('utf8')).id, event.id);
    // A quorum queue with a single active consumer cannot be read by a get; its count tells.
    const count = (shard: number) => async () =>
      (await channel.checkQueue(QUEUES.historyShard(shard).name)).messageCount;
    await eventually(count(3), (n) => n === 1);
    assert.equal(await count(2)(), 0);
    await channel.close();
  });
});

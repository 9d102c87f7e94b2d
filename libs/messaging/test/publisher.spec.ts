import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  MessagesStored,
  QUEUES,
  SHARDS,
  Receipt,
  ReceiptRecorded,
  ReceiptSubmitted,
  envelope,
  shardOf,
} from '@parley/contracts';
import { TestNamespace, createNamespace, eventually } from '@parley/testing';
import amqp from 'amqplib';
import { AmqpConnection } from '../src/amqp-connection';
import { decode } from '../src/codec';
import { Publisher } from '../src/publisher';
import { declareQueue, declareTopology } from '../src/topology';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const userId = '0b7e8a5c-1d2f-4a3b-9c4d-5e6f7a8b9c0d';
const at = new Date().toISOString();

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
    connection = new AmqpConnection({
      url: ns.rabbitUrl,
      name: `test-${ns.name}`,
      logger: quiet,
      declare: declareTopology,
    });
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
    // A gateway's queue carries stored messages of every shard; a history queue those of its own shard.
    const gateway = QUEUES.gateway('gw-test');
    await declareQueue(channel, gateway);
    const conversationId = 'a:b';
    const shard = shardOf(conversationId);
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
    assert.equal(got.fields.routingKey, `messages.stored.${shard}`);
    assert.equal((decode(got.content, 'the event') as { id: string }).id, event.id);
    // A quorum queue with a single active consumer cannot be read by a get; its count tells.
    const count = (of: number) => async () =>
      (await channel.checkQueue(QUEUES.historyShard(of).name)).messageCount;
    await eventually(count(shard), (n) => n === 1);
    assert.equal(await count((shard + 1) % SHARDS.length)(), 0);
    await channel.close();
  });
});

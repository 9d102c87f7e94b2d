import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MESSAGE_LOG, MessagesSubmitted, QUEUES, conversationId, envelope, shardOf } from '@parley/contracts';
import { eventually, StoreUnderTest, submittedMessage } from '@parley/testing';
import { randomUUID } from 'node:crypto';

/** A poison message is dead-lettered where an operator can see it, and never blocks the queue behind it. */
describe('store with poison messages', () => {
  let store: StoreUnderTest;
  const alice = randomUUID();
  const bob = randomUUID();
  const conversation = conversationId(alice, bob);
  const shard = shardOf(conversation);

  before(async () => {
    store = await StoreUnderTest.start('poison');
  });

  after(async () => {
    await store?.stop();
  });

  const publish = (routingKey: string, body: Buffer) => store.publish(routingKey, body);

  const submitted = (clientMsgId: string) =>
    Buffer.from(
      JSON.stringify(envelope(MessagesSubmitted, { messages: [submittedMessage(alice, bob, clientMsgId)] })),
    );

  it('dead-letters what is not JSON, of a foreign type or malformed, and stores the good messages behind them', async () => {
    const key = MessagesSubmitted.binding(shard);
    await publish(key, submitted('good-1'));
    await publish(key, Buffer.from('not json at all'));
    await publish(
      key,
      Buffer.from(JSON.stringify({ ...envelope(MessagesSubmitted, {} as never), type: 'something.else' })),
    );
    await publish(
      key,
      Buffer.from(
        JSON.stringify(envelope(MessagesSubmitted, { messages: [{ text: 'no sender' }] } as never)),
      ),
    );
    await publish(key, submitted('good-2'));

    const messages = store.db.collection(MESSAGE_LOG.messages);
    const stored = await eventually(
      () => messages.find({ conversationId: conversation }).toArray(),
      (docs) => docs.length >= 2,
      15_000,
    );
    assert.deepEqual(stored.map((m) => [m.seq, m.clientMsgId]).sort(), [
      [1, 'good-1'],
      [2, 'good-2'],
    ]);

    const check = await store.broker.createChannel();
    const dead = await eventually(
      () => check.checkQueue(QUEUES.deadLetters.name),
      (q) => q.messageCount >= 3,
      15_000,
    );
    assert.equal(dead.messageCount, 3);
    const first = await check.get(QUEUES.deadLetters.name, { noAck: true });
    assert.ok(first && first.properties.headers?.['x-death'], 'dead letters say where they died');
    await check.close();
  });
});

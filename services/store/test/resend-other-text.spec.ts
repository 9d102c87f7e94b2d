import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { EXCHANGES, MESSAGE_LOG, MessagesStored, StoredMessage, conversationId } from '@parley/contracts';
import { eventually, StoreUnderTest, submittedMessage } from '@parley/testing';

/**
 * A client that resends a message under the same `clientMsgId` with other text (a buggy or hostile
 * client) gets the message it sent first: what the store announces is what it stored, so no
 * recipient is shown text that history does not hold.
 */
describe('store with a resend that carries other text', () => {
  let store: StoreUnderTest;
  const announced: StoredMessage[] = [];
  const alice = randomUUID();
  const bob = randomUUID();
  const conversation = conversationId(alice, bob);

  before(async () => {
    store = await StoreUnderTest.start('resendtext');
    const listener = await store.broker.createChannel();
    const { queue } = await listener.assertQueue('', { exclusive: true });
    await listener.bindQueue(queue, EXCHANGES.events, 'messages.stored.*');
    await listener.consume(
      queue,
      (message) => {
        const event = message && MessagesStored.envelope.parse(JSON.parse(message.content.toString()));
        if (event) announced.push(...event.data.messages);
      },
      { noAck: true },
    );
  });

  after(async () => {
    await store?.stop();
  });

  it('keeps the first text and announces the resend as stored', async () => {
    const first = submittedMessage(alice, bob, 'same-id');
    await store.submit([first]);
    await eventually(
      async () => announced.length,
      (n) => n === 1,
      10_000,
    );
    await store.submit([{ ...first, text: 'something else entirely', sentAt: new Date().toISOString() }]);
    await eventually(
      async () => announced.length,
      (n) => n === 2,
      10_000,
    );
    assert.deepEqual(announced[1], announced[0]);
    assert.equal(announced[1]!.text, first.text);
    const logged = await store.db
      .collection(MESSAGE_LOG.messages)
      .find({ conversationId: conversation })
      .toArray();
    assert.deepEqual(
      logged.map((m) => [m.seq, m.text]),
      [[1, first.text]],
    );
  });
});

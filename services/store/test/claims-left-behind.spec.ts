import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { MESSAGE_LOG, SubmittedMessage, conversationId } from '@parley/contracts';
import { eventually, seedMessageLog, StoreUnderTest, submittedMessage } from '@parley/testing';

/**
 * What a batch leaves behind when the database goes while it takes claims back: a batch of a, b, c
 * planned at 6, 7 and 8 found a claimed already (a redelivery), so it took back the claims of b and
 * c to plan them again; b's went, c's did not. Its messages then come back one by one and in
 * another order, as they do when the batch is split or some of them are requeued: c first, then
 * b, then a. Each keeps the claim it holds; no seq may be left without a message.
 */
describe('store with claims a failed batch left behind', () => {
  let store: StoreUnderTest;
  const alice = randomUUID();
  const bob = randomUUID();
  const conversation = conversationId(alice, bob);
  const message = (clientMsgId: string) => submittedMessage(alice, bob, clientMsgId);
  const [a, b, c] = ['a', 'b', 'c'].map(message) as [SubmittedMessage, SubmittedMessage, SubmittedMessage];
  const messages = () => store.db.collection(MESSAGE_LOG.messages);

  before(async () => {
    store = await StoreUnderTest.start('leftclaims', async (_, db) => {
      const earlier = Array.from({ length: 5 }, (_, i) => ({ ...message(`old-${i + 1}`), seq: i + 1 }));
      // A batch that was cut off: a (6) and c (8) kept their claims, b's (7) was taken back.
      await seedMessageLog(db, conversation, earlier, [
        { messageId: a.messageId, seq: 6 },
        { messageId: c.messageId, seq: 8 },
      ]);
    });
  });

  after(async () => {
    await store?.stop();
  });

  it('stores each message once and leaves no seq without a message', async () => {
    for (const [i, m] of [c, b, a].entries()) {
      await store.submit([m]);
      // One at a time, so that the order they are handled in is the one this test describes.
      await eventually(
        () => messages().countDocuments({ conversationId: conversation }),
        (n) => n === 6 + i,
        10_000,
      );
    }
    const stored = await messages().find({ conversationId: conversation }).toArray();
    const bySeq = stored.sort((x, y) => x.seq - y.seq).map((m) => [m.seq, m.clientMsgId]);
    assert.deepEqual(
      bySeq.map(([seq]) => seq),
      [1, 2, 3, 4, 5, 6, 7, 8],
      `seqs 1..8, none skipped: ${JSON.stringify(bySeq)}`,
    );
    assert.deepEqual(
      bySeq.slice(5),
      [
        [6, 'a'],
        [7, 'b'],
        [8, 'c'],
      ],
      'a and c keep the seqs they had claimed; b takes the one left free',
    );
    const claims = await store.db
      .collection(MESSAGE_LOG.claims)
      .countDocuments({ conversationId: conversation });
    assert.equal(claims, 8, 'one claim per message, none left over');
  });
});

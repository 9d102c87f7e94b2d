import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MESSAGE_LOG, conversationId } from '@parley/contracts';
import { eventually, seedMessageLog, StoreUnderTest, submittedMessage } from '@parley/testing';
import { randomUUID } from 'node:crypto';

/**
 * A resend in the middle of a large batch: the store must neither skip a seq nor store anything
 * twice. FerretDB 1.24 goes on inserting after a duplicate in an "ordered" insert, so a store that
 * trusted ordered inserts left a hole at the resent message's planned seq.
 */
describe('store with a resend in the middle of a batch', () => {
  let store: StoreUnderTest;
  const alice = randomUUID();
  const bob = randomUUID();
  const conversation = conversationId(alice, bob);

  const message = (clientMsgId: string) => submittedMessage(alice, bob, clientMsgId);

  before(async () => {
    store = await StoreUnderTest.start('resend', async (_, db) => {
      // What an earlier store left: five messages, each with its claim.
      const earlier = Array.from({ length: 5 }, (_, i) => ({ ...message(`old-${i + 1}`), seq: i + 1 }));
      await seedMessageLog(db, conversation, earlier);
    });
  });

  after(async () => {
    await store?.stop();
  });

  it('keeps the resend at its first seq and numbers the others after the last one, gap-free', async () => {
    const fresh = Array.from({ length: 150 }, (_, i) => message(`new-${i + 1}`));
    // Past FerretDB's internal batch of 100 documents, so the insert goes on after the duplicate.
    const batch = [...fresh.slice(0, 50), message('old-3'), ...fresh.slice(50)];
    await store.submit(batch);
    const stored = await eventually(
      () => store.db.collection(MESSAGE_LOG.messages).find({ conversationId: conversation }).toArray(),
      (docs) => docs.length >= 155,
      20_000,
    );
    const bySeq = stored.sort((a, b) => a.seq - b.seq).map((m) => [m.seq, m.clientMsgId]);
    assert.deepEqual(bySeq, [
      ...Array.from({ length: 5 }, (_, i) => [i + 1, `old-${i + 1}`]),
      ...fresh.map((m, i) => [i + 6, m.clientMsgId]),
    ]);
    const claims = await store.db
      .collection(MESSAGE_LOG.claims)
      .find({ conversationId: conversation })
      .toArray();
    assert.equal(claims.length, 155, 'one claim per message, none left over');
  });
});

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { MESSAGE_LOG, conversationId } from '@parley/contracts';
import { eventually, StoreUnderTest, submittedMessage, TcpProxy } from '@parley/testing';

/**
 * A database that stops answering without closing its connections (FerretDB 1.24 did exactly
 * that when one update command held all its SQLite connections): the store must say so on its
 * health check instead of looking healthy while nothing moves, and go on once it answers again.
 */
describe('store with a database that stops answering', () => {
  let proxy: TcpProxy;
  let store: StoreUnderTest;
  const alice = randomUUID();
  const bob = randomUUID();
  const conversation = conversationId(alice, bob);

  const submit = (clientMsgId: string) => store.submit([submittedMessage(alice, bob, clientMsgId)]);
  const stored = () =>
    store.db.collection(MESSAGE_LOG.messages).countDocuments({ conversationId: conversation });

  before(async () => {
    store = await StoreUnderTest.start('stalled', async (ns) => {
      const database = new URL(ns.mongoUrl);
      proxy = await TcpProxy.start({ host: database.hostname, port: Number(database.port || 27017) });
      database.host = `127.0.0.1:${proxy.port}`;
      return { MONGO_URL: database.toString(), STALL_AFTER_MS: '1500' };
    });
  });

  after(async () => {
    await store?.stop();
    await proxy?.close();
  });

  it('reports itself stuck while the database holds a batch, and stores it once released', async () => {
    await submit('before');
    await eventually(stored, (n) => n === 1, 10_000);
    assert.equal((await store.service.health()).status, 200);

    proxy.hold();
    await submit('held');
    const unhealthy = await eventually(
      () => store.service.health(),
      (h) => h.status === 503,
      10_000,
    );
    assert.equal(unhealthy.status, 503);
    assert.match(JSON.stringify(unhealthy.body), /a batch has been in hand for \d+ s/);

    proxy.release();
    await eventually(stored, (n) => n === 2, 10_000);
    assert.equal(
      (
        await eventually(
          () => store.service.health(),
          (h) => h.status === 200,
          10_000,
        )
      ).status,
      200,
    );
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestClient, TestSystem, eventually, startDatabase, stopDatabase } from '@parley/testing';

/**
 * The gateway stores nothing, so the database being down is not its fault: it stays healthy and
 * takes messages, which wait in the broker until the store can write them.
 */
describe('the gateway while the database is down', () => {
  let system: TestSystem;
  let ann: TestClient;
  let ben: TestClient;
  let stopped = false;

  before(async () => {
    system = await TestSystem.start('gateway-without-database-fault');
    ann = await TestClient.online(system.gatewayUrl(), 'ann');
    ben = await TestClient.online(system.gatewayUrl(), 'ben');
    await TestClient.befriend(ann, ben);
  });

  after(async () => {
    if (stopped) startDatabase();
    ann?.close();
    ben?.close();
    await system?.stop();
  });

  it('stays healthy and acks a message, which is stored and delivered once the database is back', async () => {
    stopDatabase();
    stopped = true;
    const store = await eventually(
      () => system.service('store').health(),
      (h) => h.status === 503,
      60_000,
    );
    assert.equal(store.status, 503, 'the store sees the database gone');
    assert.match(JSON.stringify(store.body), /database/);

    const gateway = await system.service('gateway0').health();
    assert.equal(gateway.status, 200, JSON.stringify(gateway.body));
    const ack = await ann.request('message.send', {
      clientMsgId: 'while-the-database-is-down',
      to: ben.userId,
      text: 'kept by the broker',
    });
    assert.equal((await system.service('gateway0').health()).status, 200);

    startDatabase();
    stopped = false;
    const delivered = await ben.waitFor(
      (e) => e.event === 'message' && e.message.messageId === ack.messageId,
      90_000,
    );
    assert.ok(delivered.event === 'message' && delivered.message.text === 'kept by the broker');
    const view = await eventually(
      () => ben.request('conversation.open', { peer: ann.userId }),
      (v) => v.messages.some((m) => m.messageId === ack.messageId),
      60_000,
    );
    assert.equal(view.messages.filter((m) => m.messageId === ack.messageId).length, 1);
  });
});

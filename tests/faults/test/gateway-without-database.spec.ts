import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestClient, TestSystem, eventually, pause, startDatabase, stopDatabase } from '@parley/testing';

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
    if (stopped) await startDatabase();
    ann?.close();
    ben?.close();
    await system?.stop();
  });

  it('stays healthy and acks a message, which is stored and delivered once the database is back', async () => {
    await stopDatabase();
    stopped = true;
    // Until every service that stores has seen the database gone, the gateway must stay healthy.
    // A connection a service's HTTP server drops meanwhile is asked again, not taken for an answer.
    const health = (key: string) =>
      system
        .service(key)
        .health()
        .catch(() => null);
    const gatewayAnswers: number[] = [];
    const storing = await eventually(
      async () => {
        gatewayAnswers.push((await health('gateway0'))?.status ?? 0);
        return Promise.all(['users', 'store', 'history'].map(health));
      },
      (answers) => answers.every((h) => h?.status === 503),
      60_000,
    );
    for (const h of storing) {
      assert.equal(h?.status, 503, 'a service that stores sees the database gone');
      assert.match(JSON.stringify(h.body), /database/);
    }

    const ack = await ann.request('message.send', {
      clientMsgId: 'while-the-database-is-down',
      to: ben.userId,
      text: 'kept by the broker',
    });
    // Watched for longer than a database driver takes to notice a lost server (its heartbeat is
    // 10 s), so a connection the gateway held would have shown in its health by the end.
    const watchUntil = Date.now() + 15_000;
    while (Date.now() < watchUntil) {
      gatewayAnswers.push((await health('gateway0'))?.status ?? 0);
      await pause(250);
    }
    assert.deepEqual([...new Set(gatewayAnswers)], [200], 'the gateway stays healthy');

    await startDatabase();
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

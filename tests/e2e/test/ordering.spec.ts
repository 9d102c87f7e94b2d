import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { StoredMessage } from '@parley/contracts';
import { TestClient, TestSystem } from '@parley/testing';

const PER_SENDER = 500;

/** Two users sending to each other at once: one order, gap-free, on both screens and in history. */
describe('ordering under concurrent senders', () => {
  let system: TestSystem;
  let alice: TestClient;
  let bob: TestClient;

  before(async () => {
    system = await TestSystem.start('order', {
      gateways: 2,
      extraEnv: { RATE_PER_SECOND: '100000', RATE_BURST: '100000' },
    });
    alice = await TestClient.online(system.gatewayUrl(0), 'alice');
    bob = await TestClient.online(system.gatewayUrl(1), 'bob');
    await TestClient.befriend(alice, bob);
  });

  after(async () => {
    alice?.close();
    bob?.close();
    await system?.stop();
  });

  it(`keeps ${PER_SENDER} messages from each side in one gap-free order without duplicates`, async () => {
    const send = (from: TestClient, to: TestClient, tag: string) =>
      Promise.all(
        Array.from({ length: PER_SENDER }, (_, i) =>
          from.request(
            'message.send',
            { clientMsgId: `${tag}-${i}`, to: to.userId, text: `${tag} ${i}` },
            60_000,
          ),
        ),
      );
    const [fromAlice, fromBob] = await Promise.all([send(alice, bob, 'a'), send(bob, alice, 'b')]);
    assert.equal(new Set([...fromAlice, ...fromBob].map((ack) => ack.messageId)).size, 2 * PER_SENDER);

    const total = 2 * PER_SENDER;
    const unique = (client: TestClient) => new Map(client.messages().map((m) => [m.messageId, m])).size;
    await alice.waitUntil(() => unique(alice) >= total, 60_000, 'alice sees every message');
    await bob.waitUntil(() => unique(bob) >= total, 60_000, 'bob sees every message');

    const order = (messages: StoredMessage[]) => messages.map((m) => `${m.seq}:${m.messageId}`);
    const aliceView = order(alice.messages().sort((x, y) => x.seq - y.seq));
    const bobView = order(bob.messages().sort((x, y) => x.seq - y.seq));
    assert.equal(alice.messages().length, total, 'alice received no duplicates');
    assert.equal(bob.messages().length, total, 'bob received no duplicates');
    assert.deepEqual(aliceView, bobView);
    assert.deepEqual(
      alice
        .messages()
        .map((m) => m.seq)
        .sort((x, y) => x - y),
      Array.from({ length: total }, (_, i) => i + 1),
    );
    // Each sender's own messages keep the order in which they were sent.
    for (const [client, tag] of [
      [alice, 'a'],
      [bob, 'b'],
    ] as const) {
      const mine = client
        .messages()
        .filter((m) => m.clientMsgId.startsWith(`${tag}-`))
        .sort((x, y) => x.seq - y.seq);
      assert.deepEqual(
        mine.map((m) => m.clientMsgId),
        Array.from({ length: PER_SENDER }, (_, i) => `${tag}-${i}`),
      );
    }

    const history: StoredMessage[] = [];
    for (let before = total + 1; before > 1;) {
      const page = await alice.request('conversation.page', {
        peer: bob.userId,
        beforeSeq: before,
        limit: 200,
      });
      history.unshift(...page.messages);
      before = page.messages[0]?.seq ?? 1;
    }
    assert.deepEqual(order(history), aliceView);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { StoredMessage } from '@parley/contracts';
import { TestClient, TestSystem, pause } from '@parley/testing';

const BURST = 200;

/**
 * A message sent while the recipient is connecting and fetching history is in the live stream, in
 * the history it fetched, or both; merged by message id, each is shown exactly once and none is missed.
 */
describe('the window between connecting and the first history fetch', () => {
  let system: TestSystem;
  let alice: TestClient;
  let bob: TestClient;

  before(async () => {
    system = await TestSystem.start('window', {
      extraEnv: { RATE_PER_SECOND: '100000', RATE_BURST: '100000' },
    });
    alice = await TestClient.online(system.gatewayUrl(), 'alice');
    bob = await TestClient.register(system.gatewayUrl(), 'bob');
    await alice.request('contacts.add', { username: 'bob' });
  });

  after(async () => {
    alice?.close();
    bob?.close();
    await system?.stop();
  });

  it(`loses and doubles none of ${BURST} messages sent while the recipient connects`, async () => {
    const sending = Promise.all(
      Array.from({ length: BURST }, (_, i) =>
        alice.request('message.send', { clientMsgId: `w${i}`, to: bob.userId, text: `w${i}` }, 60_000),
      ),
    );
    await pause(20);
    await bob.connect();
    const shown = new Map<string, StoredMessage>();
    const view = await bob.request('conversation.open', { peer: alice.userId });
    for (const m of view.messages) shown.set(m.messageId, m);
    for (let after = view.messages.at(-1)?.seq ?? 0, more = view.hasMoreAfter; more;) {
      const page = await bob.request('conversation.page', {
        peer: alice.userId,
        afterSeq: after,
        limit: 100,
      });
      for (const m of page.messages) shown.set(m.messageId, m);
      after = page.messages.at(-1)?.seq ?? after;
      more = page.hasMore;
    }
    const acks = await sending;
    // What history did not have yet arrives live; the client merges both by message id.
    await bob.waitUntil(
      () => {
        for (const m of bob.messages()) shown.set(m.messageId, m);
        return shown.size >= BURST;
      },
      30_000,
      'every message shown',
    );
    assert.deepEqual(
      [...shown.values()].map((m) => m.seq).sort((a, b) => a - b),
      Array.from({ length: BURST }, (_, i) => i + 1),
    );
    assert.deepEqual(new Set(acks.map((a) => a.messageId)), new Set(shown.keys()));
    assert.equal(
      new Set(bob.messages().map((m) => m.messageId)).size,
      bob.messages().length,
      'live stream itself never repeats',
    );
  });
});

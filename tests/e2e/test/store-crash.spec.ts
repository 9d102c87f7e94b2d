import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MESSAGE_LOG } from '@parley/contracts';
import { TestClient, TestSystem, eventually, pause } from '@parley/testing';
import mongoose from 'mongoose';

/** SIGKILL the store in the middle of a stream: every acked message is stored once and delivered. */
describe('store killed mid-stream', () => {
  let system: TestSystem;
  let alice: TestClient;
  let bob: TestClient;

  before(async () => {
    system = await TestSystem.start('storekill', {
      extraEnv: { RATE_PER_SECOND: '100000', RATE_BURST: '100000' },
    });
    [alice, bob] = await Promise.all(['alice', 'bob'].map((u) => TestClient.online(system.gatewayUrl(), u)));
    await alice.request('contacts.add', { username: 'bob' });
  });

  after(async () => {
    alice?.close();
    bob?.close();
    await system?.stop();
  });

  it('loses and doubles nothing that was acked', async () => {
    const acked = new Set<string>();
    let sent = 0;
    const stream = async (count: number) => {
      for (let i = 0; i < count; i += 10) {
        const batch = Array.from({ length: 10 }, () => sent++).map((n) =>
          alice.request(
            'message.send',
            { clientMsgId: `m-${n}`, to: bob.userId, text: `message ${n}` },
            30_000,
          ),
        );
        for (const ack of await Promise.all(batch)) acked.add(ack.messageId);
        await pause(10);
      }
    };
    const first = stream(300);
    await pause(150);
    await system.service('store').kill('SIGKILL');
    await first;
    await system.startService('store');
    await stream(100);

    await bob
      .waitUntil(
        () => new Set(bob.messages().map((m) => m.messageId)).size >= acked.size,
        60_000,
        'bob has every acked message',
      )
      .catch((error: Error) => {
        const have = new Set(bob.messages().map((m) => m.messageId)).size;
        throw new Error(
          `${error.message}: ${have} of ${acked.size}; store said:\n${system.service('store').logs.slice(-15).join('\n')}`,
        );
      });
    const received = new Set(bob.messages().map((m) => m.messageId));
    for (const id of acked) assert.ok(received.has(id), `acked message ${id} was delivered`);

    const view = await eventually(
      () => bob.request('conversation.open', { peer: alice.userId }),
      (v) => v.lastSeq >= acked.size,
    );
    const stored: { seq: number; messageId: string }[] = [];
    for (let before = view.lastSeq + 1; before > 1;) {
      const page = await bob.request('conversation.page', {
        peer: alice.userId,
        beforeSeq: before,
        limit: 200,
      });
      stored.unshift(...page.messages);
      before = page.messages[0]?.seq ?? 1;
    }
    const held = new Set(stored.map((m) => m.seq));
    const missing = Array.from({ length: view.lastSeq }, (_, i) => i + 1).filter((seq) => !held.has(seq));
    assert.equal(
      view.lastSeq,
      acked.size,
      `one seq per acked message: ${stored.length} messages readable, seqs without one: ` +
        `${JSON.stringify(missing.slice(0, 20))}; their claims: ${await claimsAt(system, missing.slice(0, 20))}`,
    );
    assert.deepEqual(
      stored.map((m) => m.seq),
      Array.from({ length: acked.size }, (_, i) => i + 1),
      'gap-free',
    );
    assert.equal(new Set(stored.map((m) => m.messageId)).size, acked.size, 'each message once');
    for (const m of stored) assert.ok(acked.has(m.messageId));
  });
});

/** Who claimed these seqs, to tell a seq claimed and never written from one skipped. */
async function claimsAt(system: TestSystem, seqs: number[]): Promise<string> {
  const db = await mongoose.createConnection(system.ns.mongoUrl).asPromise();
  try {
    const claims = await db
      .collection(MESSAGE_LOG.claims)
      .find({ seq: { $in: seqs } })
      .toArray();
    return JSON.stringify(claims);
  } finally {
    await db.close();
  }
}

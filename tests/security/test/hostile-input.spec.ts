import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { signAccessToken } from '@parley/auth';
import { RequestFailed, TEST_JWT_SECRET, TestClient, TestSystem, pause, refusal } from '@parley/testing';
import { snapshotDatabase, writtenBetween } from '../src/database-snapshot';
import { random, fuzzFrame } from '../src/frame-fuzzer';

const FRAMES = Number(process.env.FUZZ_FRAMES ?? 100_000);
/** The run's time budget: 100,000 frames take about a minute here. */
const FUZZ_BUDGET_S = Number(process.env.FUZZ_BUDGET_S ?? 300);
/** Connecting and disconnecting (the fuzzer reconnects after each close) moves presence, nothing else. */
const changesOnConnect = (collection: string) => /presence|liveness/.test(collection);
const SEED = Number(process.env.FUZZ_SEED ?? 20261125);

describe('hostile input', () => {
  let system: TestSystem;
  let alice: TestClient;
  let bob: TestClient;
  let carol: TestClient;
  let mallory: TestClient;

  before(async () => {
    system = await TestSystem.start('hostile', {
      extraEnv: { RATE_PER_SECOND: '100000', RATE_BURST: '100000', ABUSE_LIMIT: '100000' },
    });
    [alice, bob, carol, mallory] = await Promise.all(
      ['alice', 'bob', 'carol', 'mallory'].map((u) => TestClient.register(system.gatewayUrl(), u)),
    );
    await Promise.all([alice, bob, carol, mallory].map((c) => c.connect()));
    await alice.request('contacts.add', { username: 'bob' });
    await bob.request('contacts.add', { username: 'carol' });
  });

  after(async () => {
    for (const client of [alice, bob, carol, mallory]) client?.close();
    await system?.stop();
  });

  it(
    `survives ${FRAMES} fuzzed frames (seed ${SEED}) within ${FUZZ_BUDGET_S} s, writes nothing, and keeps serving everyone else`,
    { timeout: FUZZ_BUDGET_S * 1000 },
    async () => {
      const next = random(SEED);
      const peers = [alice.userId, bob.userId, carol.userId, mallory.userId];
      const before = await snapshotDatabase(system.ns.mongoUrl, changesOnConnect);
      const started = performance.now();
      let closedByServer = 0;
      for (let i = 0; i < FRAMES; i++) {
        if (mallory.socketState !== 1) {
          closedByServer++;
          await mallory.connect();
        }
        const frame = fuzzFrame(next, peers);
        if (frame.kind === 'text') await mallory.sendRaw(frame.text);
        else mallory.sendBytes(frame.data, frame.kind === 'binary');
        // Invalid UTF-8 closes the connection (1007): wait for it, so that no later frame is sent into a closed one.
        if (frame.kind === 'invalid-utf8')
          await mallory.waitUntil(() => mallory.socketState === 3, 10_000, 'the close after invalid UTF-8');
        if (i % 200 === 0) await pause(10);
      }
      // Every frame is answered or closed its connection; a last request's reply means the gateway has read them all.
      for (let answered = false; !answered;) {
        if (mallory.socketState !== 1) await mallory.connect();
        answered = await mallory.request('contacts.list', {}, 60_000).then(
          () => true,
          (error: Error) => (/connection closed/.test(error.message) ? false : Promise.reject(error)),
        );
      }
      const seconds = (performance.now() - started) / 1000;
      const crashes = [...system.services]
        .filter(([, service]) => service.child.exitCode !== null || service.child.signalCode !== null)
        .map(([key]) => key);
      assert.deepEqual(crashes, [], 'every service is still running');
      for (const [key, service] of system.services)
        assert.ok(
          !service.logs.some((l) => /unhandled rejection|uncaught/i.test(l)),
          `no unhandled rejection in ${key}`,
        );
      const written = writtenBetween(before, await snapshotDatabase(system.ns.mongoUrl, changesOnConnect));
      assert.deepEqual(written, [], 'no document written by a fuzzed frame');
      const ack = await alice.request('message.send', {
        clientMsgId: 'after-fuzz',
        to: bob.userId,
        text: 'still served',
      });
      await bob.waitFor((e) => e.event === 'message' && e.message.messageId === ack.messageId);

      console.log(
        `fuzz: ${FRAMES} frames, seed ${SEED}, ${seconds.toFixed(1)} s, connection closed by the server ${closedByServer} times, ` +
          `${crashes.length} crashes, ${written.length} documents written by fuzzed frames`,
      );
    },
  );

  it('refuses connections with no token, an expired token, or one signed with another key', async () => {
    const session = { sessionId: randomUUID(), begunAt: Date.now() };
    const expired = signAccessToken(
      { userId: alice.userId, username: 'alice' },
      session,
      TEST_JWT_SECRET,
      -10,
    ).token;
    const otherKey = signAccessToken(
      { userId: alice.userId, username: 'alice' },
      session,
      'another-secret-that-is-also-long-enough!!',
      900,
    ).token;
    for (const [token, code] of [
      [expired, 'TOKEN_EXPIRED'],
      [otherKey, 'UNAUTHORIZED'],
    ] as const) {
      const client = new TestClient(system.gatewayUrl(), { ...alice.session!, accessToken: token });
      await assert.rejects(client.connect(), new RegExp(`refused 401: .*${code}`));
    }
    const anonymous = new TestClient(system.gatewayUrl(), { ...alice.session!, accessToken: '' });
    await assert.rejects(anonymous.connect(), /refused 401: .*UNAUTHORIZED/);
  });

  it('never lets a user read or mark a conversation they are not in', async () => {
    const ack = await bob.request('message.send', {
      clientMsgId: 'private-1',
      to: carol.userId,
      text: 'between bob and carol',
    });
    await carol.waitFor((e) => e.event === 'message' && e.message.messageId === ack.messageId);

    // Alice names carol as the peer: that is alice's conversation with carol, not bob's.
    const view = await alice.request('conversation.open', { peer: carol.userId });
    assert.deepEqual(view.messages, []);
    const page = await alice.request('conversation.page', { peer: carol.userId, afterSeq: 0, limit: 50 });
    assert.deepEqual(page.messages, []);

    // Carol is no contact of alice's: alice cannot mark anything of hers, nor of bob's with her.
    const refused = await refusal(alice.request('receipt', { kind: 'read', peer: carol.userId, upToSeq: 1 }));
    assert.equal(refused.code, 'NOT_A_CONTACT');
    const carolView = await carol.request('conversation.open', { peer: bob.userId });
    assert.equal(carolView.unreadCount, 1, "carol's unread message from bob stays unread");
  });

  it('never sends as someone else: a spoofed sender in the frame is ignored', async () => {
    if (mallory.socketState !== 1) await mallory.connect();
    const reply = await mallory
      .requestWithId('spoof', 'message.send', {
        clientMsgId: 's',
        to: alice.userId,
        text: 'x',
        from: alice.userId,
      })
      .catch((e: unknown) => e);
    assert.ok(reply instanceof RequestFailed);
    assert.equal(reply.error.code, 'NOT_A_CONTACT', 'mallory is refused as herself, not treated as alice');
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MESSAGE_MAX_LENGTH, WS_MAX_FRAME_BYTES } from '@parley/contracts';
import { RequestFailed, TestClient, TestSystem, http, pause, refusal } from '@parley/testing';
import WebSocket from 'ws';

/** Every bad frame gets its error, nothing is stored from it, and everyone else is still served. */
describe('bad frames', () => {
  let system: TestSystem;
  let alice: TestClient;
  let bob: TestClient;
  let mallory: TestClient;

  before(async () => {
    system = await TestSystem.start('badframes', {
      extraEnv: { RATE_PER_SECOND: '5', RATE_BURST: '10', ABUSE_LIMIT: '1000' },
    });
    [alice, bob, mallory] = await Promise.all(
      ['alice', 'bob', 'mallory'].map((u) => TestClient.register(system.gatewayUrl(), u)),
    );
    await Promise.all([alice.connect(), bob.connect(), mallory.connect()]);
    await alice.request('contacts.add', { username: 'bob' });
    await mallory.request('contacts.add', { username: 'alice' });
  });

  after(async () => {
    for (const client of [alice, bob, mallory]) client?.close();
    await system?.stop();
  });

  const anonymous = async (client: TestClient, text: string | Buffer) => {
    const before = client.anonymousErrors.length;
    await client.sendRaw(text);
    await client.waitUntil(() => client.anonymousErrors.length > before, 5000, 'an error frame');
    return client.anonymousErrors[before]!;
  };

  it('answers each malformed frame with the error that names it', async () => {
    assert.equal((await anonymous(mallory, 'not json')).code, 'INVALID_FRAME');
    assert.equal((await anonymous(mallory, '{"type":"message.send"}')).code, 'INVALID_FRAME');
    assert.equal((await anonymous(mallory, Buffer.from([0xff, 0x00, 0x01]))).code, 'INVALID_FRAME');
    assert.equal((await refusal(mallory.requestWithId('u1', 'nope', {}))).code, 'UNKNOWN_TYPE');
    const missing = await refusal(mallory.requestWithId('m1', 'message.send', { to: alice.userId }));
    assert.deepEqual([missing.code, missing.field], ['INVALID_FIELD', 'clientMsgId']);
    const empty = await refusal(
      mallory.request('message.send', { clientMsgId: 'e1', to: alice.userId, text: '   ' }),
    );
    assert.deepEqual([empty.code, empty.field], ['INVALID_FIELD', 'text']);
    const long = await refusal(
      mallory.request('message.send', {
        clientMsgId: 'l1',
        to: alice.userId,
        text: 'x'.repeat(MESSAGE_MAX_LENGTH + 1),
      }),
    );
    assert.deepEqual([long.code, long.field], ['INVALID_FIELD', 'text']);
    const injection = await refusal(
      mallory.requestWithId('i1', 'message.send', { clientMsgId: 'i1', to: { $gt: '' }, text: 'hi' }),
    );
    assert.deepEqual([injection.code, injection.field], ['INVALID_FIELD', 'to']);
    const notFriend = await refusal(
      mallory.request('message.send', { clientMsgId: 'n1', to: bob.userId, text: 'hi' }),
    );
    assert.equal(notFriend.code, 'NOT_A_CONTACT');
    assert.equal(
      (
        await anonymous(
          mallory,
          JSON.stringify({
            id: 'big',
            type: 'message.send',
            params: { text: 'x'.repeat(WS_MAX_FRAME_BYTES) },
          }),
        )
      ).code,
      'FRAME_TOO_LARGE',
    );
  });

  it('answers each malformed contacts request with the error that names it, and changes nothing', async () => {
    await pause(2500);
    for (const type of ['contacts.remove', 'contacts.block', 'contacts.unblock', 'contacts.ignore']) {
      const bad = await refusal(mallory.requestWithId(`${type}-1`, type, { userId: 'alice' }));
      assert.deepEqual([bad.code, bad.field], ['INVALID_FIELD', 'userId'], type);
    }
    const self = await refusal(mallory.request('contacts.block', { userId: mallory.userId }));
    assert.deepEqual([self.code, self.field], ['INVALID_FIELD', 'userId']);
    const stranger = await refusal(mallory.request('contacts.ignore', { userId: bob.userId }));
    assert.equal(stranger.code, 'NO_REQUEST');
    const { contacts } = await mallory.request('contacts.list', {});
    assert.deepEqual(
      contacts.map((c) => [c.userId, c.relation]),
      [[alice.userId, 'added']],
    );
  });

  it("ignores a sender named in the payload: the sender is the token's user", async () => {
    await pause(2500);
    const ack = await mallory.requestWithId('s1', 'message.send', {
      clientMsgId: 'spoof-1',
      to: alice.userId,
      text: 'who am i',
      from: bob.userId,
    });
    const got = await alice.waitFor(
      (e) => e.event === 'message' && e.message.messageId === (ack as { messageId: string }).messageId,
    );
    assert.ok(got.event === 'message');
    assert.equal(got.message.from, mallory.userId);
  });

  it('limits a flood with RATE_LIMITED and keeps serving everyone else', async () => {
    await pause(2500);
    const flood = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) =>
        mallory.request('message.send', { clientMsgId: `f${i}`, to: alice.userId, text: 'spam' }, 5000),
      ),
    );
    const limited = flood.flatMap((r) =>
      r.status === 'rejected' && r.reason instanceof RequestFailed ? [r.reason.error] : [],
    );
    assert.ok(limited.length > 0, 'some frames were rate limited');
    assert.ok(limited.every((e) => e.code === 'RATE_LIMITED' && (e.retryAfterMs ?? 0) > 0));
    assert.ok(flood.some((r) => r.status === 'fulfilled'));
    const ack = await alice.request('message.send', {
      clientMsgId: 'ok-1',
      to: bob.userId,
      text: 'still here',
    });
    await bob.waitFor((e) => e.event === 'message' && e.message.messageId === ack.messageId);
  });

  it('stores nothing from a refused frame', async () => {
    await pause(2500);
    const view = await alice.request('conversation.open', { peer: mallory.userId });
    assert.ok(
      view.messages.every((m) => m.from === mallory.userId && (m.text === 'who am i' || m.text === 'spam')),
    );
    assert.ok(!view.messages.some((m) => ['e1', 'l1', 'i1', 'n1'].includes(m.clientMsgId)));
  });

  it('closes with a code and a reason on a frame it will not read: too big, or not UTF-8', async () => {
    const dave = await TestClient.online(system.gatewayUrl(), 'dave');
    for (const [bytes, code, reason] of [
      [Buffer.alloc(4 * WS_MAX_FRAME_BYTES + 1, 0x61), 1009, /not read/],
      [Buffer.from([0x22, 0xff, 0xfe, 0x22]), 1007, /UTF-8/],
    ] as const) {
      if (dave.closeInfo) await dave.connect();
      dave.sendBytes(bytes, false);
      await dave.waitUntil(() => dave.closeInfo !== null, 5000, `a close after ${bytes.length} bytes`);
      assert.equal(dave.closeInfo!.code, code);
      assert.match(dave.closeInfo!.reason, reason);
    }
    dave.close();
  });

  it('refuses a connection without a valid token, with a reason', async () => {
    const attempt = (headers: Record<string, string>, path = '/ws') =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const socket = new WebSocket(system.gatewayUrl().replace('http', 'ws') + path, { headers });
        socket.on('unexpected-response', (_req, res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        socket.on('open', () => reject(new Error('connection was accepted')));
        socket.on('error', () => undefined);
      });
    const none = await attempt({});
    assert.equal(none.status, 401);
    assert.match(none.body, /UNAUTHORIZED/);
    const forged = await attempt({
      authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl',
    });
    assert.equal(forged.status, 401);
    const refresh = await attempt({ authorization: `Bearer ${alice.session!.refreshToken}` });
    assert.equal(refresh.status, 401);
    const elsewhere = await attempt({ authorization: `Bearer ${alice.session!.accessToken}` }, '/socket');
    assert.equal(elsewhere.status, 404);
    assert.equal((JSON.parse(elsewhere.body) as { error: { code: string } }).error.code, 'UNKNOWN_ROUTE');
  });

  it('answers bad HTTP auth requests with coded errors', async () => {
    const taken = await refusal(
      http(system.gatewayUrl(), '/auth/register', {
        firstName: 'A',
        lastName: 'B',
        email: 'x@example.test',
        username: 'alice',
        password: 'long enough pw',
      }),
    );
    assert.equal(taken.code, 'USERNAME_TAKEN');
    const wrong = await refusal(
      http(system.gatewayUrl(), '/auth/login', { username: 'alice', password: 'wrong password' }),
    );
    assert.equal(wrong.code, 'INVALID_CREDENTIALS');
  });
});

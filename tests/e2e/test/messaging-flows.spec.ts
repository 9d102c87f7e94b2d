import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { WsResult } from '@parley/contracts';
import { TestClient, TestSystem, eventually } from '@parley/testing';

/** The original design's flows, end to end over WebSockets against all four services. */
describe('messaging flows', () => {
  let system: TestSystem;
  let alice: TestClient;
  let bob: TestClient;

  before(async () => {
    system = await TestSystem.start('flows');
    alice = await TestClient.online(system.gatewayUrl(), 'alice');
    bob = await TestClient.register(system.gatewayUrl(), 'bob');
    await alice.request('contacts.add', { username: 'bob' });
  });

  after(async () => {
    alice?.close();
    bob?.close();
    await system?.stop();
  });

  it('keeps a message to someone who has not added the sender as a request naming them, until accepted', async () => {
    const ack = await alice.request('message.send', {
      clientMsgId: 'offline-1',
      to: bob.userId,
      text: 'are you there?',
    });
    assert.equal(ack.recipientOnline, null, 'bob shares no presence with alice before accepting her');
    assert.equal(ack.clientMsgId, 'offline-1');
    const echo = await alice.waitFor((e) => e.event === 'message' && e.message.messageId === ack.messageId);
    assert.equal(echo.event === 'message' && echo.message.seq, 1);

    await bob.connect();
    const request = (await bob.request('contacts.list', {})).contacts.find((c) => c.userId === alice.userId);
    assert.equal(request?.relation, 'request');
    assert.equal(request?.username, 'alice');
    assert.equal(request?.unread, 1);
    assert.equal(request?.presence, null);

    const view = await bob.request('conversation.open', { peer: alice.userId });
    assert.deepEqual(
      view.messages.map((m) => [m.seq, m.text, m.from]),
      [[1, 'are you there?', alice.userId]],
    );
    assert.equal(view.firstUnreadSeq, 1);
    assert.equal(view.unreadCount, 1);

    await bob.request('contacts.add', { username: 'alice' });
    const friend = (await bob.request('contacts.list', {})).contacts.find((c) => c.userId === alice.userId);
    assert.equal(friend?.relation, 'friend');
    assert.equal(friend?.presence?.online, true);

    await bob.request('receipt', { kind: 'read', peer: alice.userId, upToSeq: 1 });
    const read = await alice.waitFor((e) => e.event === 'receipt' && e.kind === 'read');
    assert.equal(read.event === 'receipt' && read.upToSeq, 1);
    const unreadOf = (list: WsResult<'contacts.list'>) =>
      list.contacts.find((c) => c.userId === alice.userId)?.unread;
    const after = await eventually(
      () => bob.request('contacts.list', {}),
      (list) => unreadOf(list) === 0,
    );
    assert.equal(unreadOf(after), 0);
  });

  it('delivers at once to an online friend, with ack, delivered and read receipts', async () => {
    const mark = bob.events.length;
    const ack = await alice.request('message.send', {
      clientMsgId: 'online-1',
      to: bob.userId,
      text: 'hello bob',
    });
    assert.equal(ack.recipientOnline, true);
    const received = await bob.waitFor(
      (e) => e.event === 'message' && e.message.messageId === ack.messageId,
      10_000,
      mark,
    );
    assert.ok(received.event === 'message');
    assert.equal(received.message.seq, 2);
    assert.equal(received.message.from, alice.userId);

    await bob.request('receipt', { kind: 'delivered', peer: alice.userId, upToSeq: 2 });
    await alice.waitFor((e) => e.event === 'receipt' && e.kind === 'delivered' && e.upToSeq === 2);
    await bob.request('receipt', { kind: 'read', peer: alice.userId, upToSeq: 2 });
    await alice.waitFor((e) => e.event === 'receipt' && e.kind === 'read' && e.upToSeq === 2);
  });

  it('shows a returning sender the latest receipts when the conversation is opened', async () => {
    const view = await eventually(
      () => alice.request('conversation.open', { peer: bob.userId }),
      (v) => v.peerReadSeq === 2,
    );
    assert.equal(view.peerReadSeq, 2);
    assert.equal(view.peerDeliveredSeq, 2);
    assert.equal(view.unreadCount, 0);
  });

  it('gives a resend with the same clientMsgId the same message id, stored once', async () => {
    const first = await alice.request('message.send', {
      clientMsgId: 'resend-1',
      to: bob.userId,
      text: 'once',
    });
    alice.close();
    await alice.waitUntil(() => alice.closeInfo !== null, 5000, 'close');
    await alice.connect();
    const again = await alice.request('message.send', {
      clientMsgId: 'resend-1',
      to: bob.userId,
      text: 'once',
    });
    assert.equal(again.messageId, first.messageId);
    await bob.waitUntil(() => bob.messages().filter((m) => m.messageId === first.messageId).length >= 1);
    const view = await bob.request('conversation.open', { peer: alice.userId });
    const copies = view.messages.filter((m) => m.messageId === first.messageId);
    assert.equal(copies.length, 1);
    assert.deepEqual(
      view.messages.map((m) => m.seq),
      Array.from({ length: view.lastSeq }, (_, i) => i + 1).slice(-view.messages.length),
    );
  });

  it('stores a clientMsgId reused for another friend as another message, and harms no one', async () => {
    const carol = await TestClient.online(system.gatewayUrl(), 'carol');
    await alice.request('contacts.add', { username: 'carol' });
    const toBob = await alice.request('message.send', { clientMsgId: 'reused', to: bob.userId, text: 'b' });
    const toCarol = await alice.request('message.send', {
      clientMsgId: 'reused',
      to: carol.userId,
      text: 'c',
    });
    assert.notEqual(toCarol.messageId, toBob.messageId);
    const received = await carol.waitFor(
      (e) => e.event === 'message' && e.message.messageId === toCarol.messageId,
    );
    assert.ok(received.event === 'message' && received.message.text === 'c');
    const view = await carol.request('conversation.open', { peer: alice.userId });
    assert.deepEqual(
      view.messages.map((m) => [m.seq, m.text]),
      [[1, 'c']],
    );
    carol.close();
  });
});

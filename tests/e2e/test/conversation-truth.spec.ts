import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ServerEvent } from '@parley/contracts';
import { TestClient, TestSystem, refusal } from '@parley/testing';

type Receipt = Extract<ServerEvent, { event: 'receipt' }>;

/**
 * What a user is shown about messages and people is true: each case is a defect seen before,
 * reproduced against the whole system over WebSockets.
 */
describe('conversation state that never lies', () => {
  let system: TestSystem;
  const clients: TestClient[] = [];
  let next = 0;

  /** A new user on gateway `gateway`, connected unless told otherwise. */
  const user = async (name: string, options: { gateway?: number; connect?: boolean } = {}) => {
    const client = await TestClient.register(system.gatewayUrl(options.gateway ?? 0), `${name}_${next++}`);
    clients.push(client);
    if (options.connect ?? true) await client.connect();
    return client;
  };
  const username = (client: TestClient) => client.session!.user.username;
  const send = (from: TestClient, to: TestClient, text: string) =>
    from.request('message.send', { clientMsgId: `m${next++}`, to: to.userId, text });
  const delivered = (from: TestClient, to: TestClient, text: string) => from.deliver(to, text);
  const receipts = (client: TestClient, from: TestClient) =>
    client.events.filter((e): e is Receipt => e.event === 'receipt' && e.reader === from.userId);
  const contactIn = async (client: TestClient, other: TestClient) =>
    (await client.request('contacts.list', {})).contacts.find((c) => c.userId === other.userId);

  before(async () => {
    system = await TestSystem.start('truth', { gateways: 2 });
  });

  after(async () => {
    for (const client of clients) client.close();
    await system?.stop();
  });

  it('1. shows a message from someone not added back as a request, naming them, with its unread count', async () => {
    const x = await user('x');
    const y = await user('y', { connect: false });
    await x.request('contacts.add', { username: username(y) });
    const ack = await send(x, y, 'hi');
    assert.equal(ack.recipientOnline, null, 'y shares no presence with someone y has not added');
    // An ack means the broker holds it; the echo, that it is stored.
    await x.waitFor((e) => e.event === 'message' && e.message.messageId === ack.messageId);

    await y.connect();
    const request = await contactIn(y, x);
    assert.equal(request?.relation, 'request');
    assert.equal(request?.username, username(x));
    assert.equal(request?.unread, 1);
    const view = await y.request('conversation.open', { peer: x.userId });
    assert.deepEqual(
      view.messages.map((m) => m.text),
      ['hi'],
    );
    assert.equal(view.unreadCount, 1);

    // Online, the request arrives live, naming who it is from.
    const z = await user('z');
    await x.request('contacts.add', { username: username(z) });
    const live = await z.waitFor((e) => e.event === 'contact' && e.contact.userId === x.userId);
    assert.ok(live.event === 'contact');
    assert.equal(live.contact.relation, 'request');
    assert.equal(live.contact.username, username(x));
  });

  it('2. marks nothing read by a reply: the replier keeps their unread, and both sides agree', async () => {
    const x = await user('x');
    const y = await user('y');
    await TestClient.befriend(x, y);
    for (const text of ['one', 'two', 'three']) await delivered(y, x, text);
    const reply = await delivered(x, y, 'a reply without a receipt');
    // y acknowledges the reply; once x learns it, history has applied everything before it.
    await y.request('receipt', { kind: 'delivered', peer: x.userId, upToSeq: reply.seq });
    await x.waitFor((e) => e.event === 'receipt' && e.reader === y.userId && e.upToSeq === reply.seq);

    assert.equal((await contactIn(x, y))?.unread, 3);
    const forX = await x.request('conversation.open', { peer: y.userId });
    assert.equal(forX.unreadCount, 3);
    assert.equal(forX.firstUnreadSeq, 1);
    const forY = await y.request('conversation.open', { peer: x.userId });
    assert.equal(forY.peerReadSeq, 0, "y's next open agrees with y's screen: nothing read");
    assert.deepEqual(receipts(y, x), [], 'and y was told of no read receipt');

    // Sending at the same instant: what reached x's socket is not read by x's send.
    const [fromY] = await Promise.all([send(y, x, 'crossing'), send(x, y, 'crossing too')]);
    await x.waitFor((e) => e.event === 'message' && e.message.messageId === fromY.messageId);
    assert.equal((await x.request('conversation.open', { peer: y.userId })).unreadCount, 4);
  });

  it('3. passes on only the receipt history stored: clamped to the peer’s messages, never lower', async () => {
    const a = await user('a');
    const b = await user('b');
    await TestClient.befriend(a, b);
    await delivered(a, b, 'first');
    const second = await delivered(a, b, 'second');
    await delivered(b, a, 'own message of b');
    await b.request('receipt', { kind: 'read', peer: a.userId, upToSeq: 1002 });
    const read = await a.waitFor((e) => e.event === 'receipt' && e.reader === b.userId && e.kind === 'read');
    assert.ok(read.event === 'receipt');
    assert.equal(read.upToSeq, second.seq, "on a's newest message, not past the end");

    await b.request('receipt', { kind: 'read', peer: a.userId, upToSeq: 1 });
    // A mark that does rise, after it in the same queue: once it arrives, the lower one was dropped.
    const third = await delivered(a, b, 'third');
    await b.request('receipt', { kind: 'delivered', peer: a.userId, upToSeq: third.seq });
    await a.waitFor((e) => e.event === 'receipt' && e.reader === b.userId && e.upToSeq === third.seq);
    assert.deepEqual(
      receipts(a, b).map((r) => `${r.kind}:${r.upToSeq}`),
      [`read:${second.seq}`, `delivered:${third.seq}`],
    );
    assert.equal((await a.request('conversation.open', { peer: b.userId })).peerReadSeq, second.seq);
  });

  it('4. refuses a receipt from a stranger, and tells the other person nothing', async () => {
    const stranger = await user('a');
    const other = await user('o');
    const friend = await user('f');
    await TestClient.befriend(other, friend);
    const error = await refusal(
      stranger.request('receipt', { kind: 'read', peer: other.userId, upToSeq: 1 }),
    );
    assert.equal(error.code, 'NOT_A_CONTACT');
    assert.equal(error.field, 'peer');
    // Something that does reach `other` afterwards through the same path.
    const message = await delivered(other, friend, 'hello');
    await friend.request('receipt', { kind: 'read', peer: other.userId, upToSeq: message.seq });
    await other.waitFor((e) => e.event === 'receipt' && e.reader === friend.userId);
    assert.deepEqual(receipts(other, stranger), []);
  });

  it('5. sends presence from the welcome on, with no request first, and only to friends', async () => {
    const a = await user('a');
    const b = await user('b', { gateway: 1 });
    const adder = await user('c');
    await TestClient.befriend(a, b);
    await adder.request('contacts.add', { username: username(b) });
    b.close();
    const offline = await a.waitFor((e) => e.event === 'presence' && e.userId === b.userId && !e.online);
    assert.ok(offline.event === 'presence' && offline.lastSeen !== null);
    const from = a.events.length;
    await b.connect(system.gatewayUrl(1));
    await a.waitFor((e) => e.event === 'presence' && e.userId === b.userId && e.online, 10_000, from);
    assert.equal((await contactIn(a, b))?.presence?.online, true, 'the list agrees with the events');
    assert.ok(!adder.events.some((e) => e.event === 'presence' && e.userId === b.userId));
    assert.equal((await contactIn(adder, b))?.presence, null);
  });

  it('7. stops someone removed or blocked from writing, on every gateway', async () => {
    const a = await user('a');
    const b = await user('b', { gateway: 1 });
    const c = await user('c', { gateway: 1 });
    await TestClient.befriend(a, b);
    await TestClient.befriend(a, c);
    await delivered(b, a, 'before the removal');

    await a.request('contacts.remove', { userId: b.userId });
    await b.waitFor((e) => e.event === 'contact.gone' && e.userId === a.userId);
    assert.equal((await refusal(send(b, a, 'after the removal'))).code, 'NOT_A_CONTACT');
    assert.equal((await refusal(send(a, b, 'nor the other way'))).code, 'NOT_A_CONTACT');

    await a.request('contacts.block', { userId: c.userId });
    await c.waitFor((e) => e.event === 'contact.gone' && e.userId === a.userId);
    assert.equal((await refusal(send(c, a, 'after the block'))).code, 'NOT_A_CONTACT');
    const notFound = await refusal(c.request('contacts.add', { username: username(a) }));
    assert.equal(notFound.code, 'USER_NOT_FOUND', 'a blocker looks to the blocked like nobody');
    assert.equal(
      (await a.request('conversation.open', { peer: b.userId })).messages.at(-1)?.text,
      'before the removal',
      'history stays',
    );
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ServerEvent } from '@parley/contracts';
import { TestClient, TestSystem, refusal } from '@parley/testing';

/** How one person's contacts look: relation and, between friends, whether online. */
type Picture = Record<string, string>;

const describeContact = (c: { relation: string; presence: { online: boolean } | null }) =>
  `${c.relation}${c.presence ? (c.presence.online ? ' online' : ' offline') : ''}`;

/**
 * A client's contacts as its live events have made them, next to what a fresh contacts.list says:
 * starting from one list, every `contact`, `contact.gone` and `presence` event is applied as a
 * client would apply it, and at any quiet moment the two must be the same.
 */
class LiveContacts {
  private readonly picture: Picture = {};
  private applied = 0;

  constructor(
    readonly client: TestClient,
    private readonly names: Map<string, string>,
  ) {}

  async start(): Promise<void> {
    this.applied = this.client.events.length;
    for (const c of (await this.client.request('contacts.list', {})).contacts)
      this.picture[this.names.get(c.userId)!] = describeContact(c);
  }

  /** The live picture and a fresh list agree, and both are `expected`. */
  async agree(expected: Picture): Promise<void> {
    const fresh: Picture = {};
    for (const c of (await this.client.request('contacts.list', {})).contacts)
      fresh[this.names.get(c.userId)!] = describeContact(c);
    for (const event of this.client.events.slice(this.applied)) this.apply(event);
    this.applied = this.client.events.length;
    assert.deepEqual(this.picture, fresh, 'live events and a fresh list disagree');
    assert.deepEqual(fresh, expected);
  }

  private apply(event: ServerEvent): void {
    if (event.event === 'contact')
      this.picture[this.names.get(event.contact.userId)!] = describeContact(event.contact);
    if (event.event === 'contact.gone') delete this.picture[this.names.get(event.userId)!];
    if (event.event === 'presence') {
      const name = this.names.get(event.userId)!;
      const now = this.picture[name];
      assert.ok(now?.startsWith('friend'), `${name}'s presence reached someone who is not their friend`);
      this.picture[name] = `friend ${event.online ? 'online' : 'offline'}`;
    }
  }
}

/**
 * Three people through requests, blocking and removal, on two gateways: each step checked from
 * both sides' live events and from a fresh contacts.list and conversation.open.
 */
describe('contacts between three people', () => {
  let system: TestSystem;
  let alice: TestClient;
  let bob: TestClient;
  let carol: TestClient;
  const live = new Map<TestClient, LiveContacts>();

  const agree = (client: TestClient, expected: Picture) => live.get(client)!.agree(expected);
  const event = (client: TestClient, match: (e: ServerEvent) => boolean) => client.waitFor(match, 10_000);
  const contactEvent = (client: TestClient, of: TestClient, relation: string) =>
    event(
      client,
      (e) => e.event === 'contact' && e.contact.userId === of.userId && e.contact.relation === relation,
    );
  const gone = (client: TestClient, of: TestClient) =>
    event(client, (e) => e.event === 'contact.gone' && e.userId === of.userId);
  const send = (from: TestClient, to: TestClient, text: string) => from.deliver(to, text);
  const refused = async (request: Promise<unknown>) => (await refusal(request)).code;
  const open = (client: TestClient, peer: TestClient) =>
    client.request('conversation.open', { peer: peer.userId });
  const liveMark = (client: TestClient, reader: TestClient, kind: 'read' | 'delivered') =>
    Math.max(
      0,
      ...client.events.flatMap((e) =>
        e.event === 'receipt' && e.reader === reader.userId && (kind === 'delivered' || e.kind === 'read')
          ? [e.upToSeq]
          : [],
      ),
    );

  before(async () => {
    system = await TestSystem.start('contacts', { gateways: 2 });
    alice = await TestClient.online(system.gatewayUrl(0), 'alice');
    bob = await TestClient.online(system.gatewayUrl(1), 'bob');
    carol = await TestClient.online(system.gatewayUrl(0), 'carol');
    const names = new Map([alice, bob, carol].map((c) => [c.userId, c.session!.user.username]));
    for (const client of [alice, bob, carol]) {
      live.set(client, new LiveContacts(client, names));
      await live.get(client)!.start();
    }
  });

  after(async () => {
    for (const client of [alice, bob, carol]) client?.close();
    await system?.stop();
  });

  it('request, then accept: marks and presence are shared from the acceptance on', async () => {
    await bob.request('contacts.add', { username: 'alice' });
    await contactEvent(alice, bob, 'request');
    const hello = await send(bob, alice, 'hello alice');
    await agree(alice, { bob: 'request' });
    await agree(bob, { alice: 'added' });
    assert.equal((await alice.request('contacts.list', {})).contacts[0]?.unread, 1);

    await alice.request('receipt', { kind: 'delivered', peer: bob.userId, upToSeq: hello.seq });
    await event(bob, (e) => e.event === 'receipt' && e.reader === alice.userId && e.kind === 'delivered');
    await alice.request('receipt', { kind: 'read', peer: bob.userId, upToSeq: hello.seq });
    // Receipts of one conversation pass history in order: once a later one is here, the read one was withheld.
    const second = await send(bob, alice, 'second');
    await alice.request('receipt', { kind: 'delivered', peer: bob.userId, upToSeq: second.seq });
    await event(bob, (e) => e.event === 'receipt' && e.reader === alice.userId && e.upToSeq === second.seq);
    assert.equal(liveMark(bob, alice, 'read'), 0, 'no read receipt reaches someone not accepted yet');
    const view = await open(bob, alice);
    assert.equal(view.peerReadSeq, null, 'nor a read mark in a fresh open');
    assert.equal(view.peerDeliveredSeq, liveMark(bob, alice, 'delivered'));

    await alice.request('contacts.add', { username: 'bob' });
    await contactEvent(bob, alice, 'friend');
    await agree(alice, { bob: 'friend online' });
    await agree(bob, { alice: 'friend online' });
    // A change of relation is when a client opens the conversation again: it now shows the mark.
    assert.equal((await open(bob, alice)).peerReadSeq, hello.seq);

    const back = await send(alice, bob, 'hello bob');
    await bob.request('receipt', { kind: 'read', peer: alice.userId, upToSeq: back.seq });
    await event(alice, (e) => e.event === 'receipt' && e.reader === bob.userId && e.upToSeq === back.seq);
    assert.equal((await open(alice, bob)).peerReadSeq, liveMark(alice, bob, 'read'));
    // Whoever wrote last, the list says when, on both sides.
    for (const [client, peer] of [
      [alice, bob],
      [bob, alice],
    ] as const) {
      const listed = (await client.request('contacts.list', {})).contacts.find(
        (c) => c.userId === peer.userId,
      );
      assert.equal(listed?.lastActivityAt, back.sentAt);
    }
  });

  it('request, then block: the blocked cannot write or find the blocker, history stays, presence is hidden', async () => {
    await carol.request('contacts.add', { username: 'alice' });
    await contactEvent(alice, carol, 'request');
    await send(carol, alice, 'hi alice');
    const last = await send(carol, alice, 'are you there?');
    await agree(alice, { bob: 'friend online', carol: 'request' });

    await alice.request('contacts.block', { userId: carol.userId });
    await gone(carol, alice);
    await agree(alice, { bob: 'friend online', carol: 'blocked' });
    const blocked = (await alice.request('contacts.list', {})).contacts.find(
      (c) => c.userId === carol.userId,
    );
    assert.deepEqual(
      [blocked?.unread, blocked?.lastActivityAt],
      [0, last.sentAt],
      'nothing unread from someone blocked, but when they last wrote still orders the list',
    );
    await agree(carol, {});
    assert.equal(
      await refused(carol.request('message.send', { clientMsgId: 'x', to: alice.userId, text: 'x' })),
      'NOT_A_CONTACT',
    );
    assert.equal(await refused(carol.request('contacts.add', { username: 'alice' })), 'USER_NOT_FOUND');
    assert.equal(
      await refused(alice.request('message.send', { clientMsgId: 'y', to: carol.userId, text: 'y' })),
      'USER_BLOCKED',
    );
    for (const [client, peer] of [
      [alice, carol],
      [carol, alice],
    ] as const)
      assert.deepEqual(
        (await open(client, peer)).messages.map((m) => m.text),
        ['hi alice', 'are you there?'],
        'history stays on both sides',
      );

    const from = carol.events.length;
    alice.close();
    await event(bob, (e) => e.event === 'presence' && e.userId === alice.userId && !e.online);
    await alice.connect();
    await event(bob, (e) => e.event === 'presence' && e.userId === alice.userId && e.online);
    assert.ok(
      !carol.events.slice(from).some((e) => e.event === 'presence'),
      'carol sees no presence of alice',
    );
    await agree(bob, { alice: 'friend online' });
    await agree(carol, {});
  });

  it('remove, then add again: a new request, and friends once accepted', async () => {
    await alice.request('contacts.remove', { userId: bob.userId });
    await gone(bob, alice);
    await agree(alice, { carol: 'blocked' });
    await agree(bob, {});
    assert.equal(
      await refused(bob.request('message.send', { clientMsgId: 'z', to: alice.userId, text: 'z' })),
      'NOT_A_CONTACT',
    );
    assert.deepEqual(
      (await open(bob, alice)).messages.map((m) => m.text),
      ['hello alice', 'second', 'hello bob'],
      'history stays',
    );

    await bob.request('contacts.add', { username: 'alice' });
    await contactEvent(alice, bob, 'request');
    await agree(alice, { bob: 'request', carol: 'blocked' });
    await agree(bob, { alice: 'added' });
    await alice.request('contacts.add', { username: 'bob' });
    await contactEvent(bob, alice, 'friend');
    await agree(alice, { bob: 'friend online', carol: 'blocked' });
    await agree(bob, { alice: 'friend online' });
    await send(bob, alice, 'glad to be back');
  });

  it('request, then ignore: gone for the receiver only, and back as soon as its sender writes again', async () => {
    await carol.request('contacts.add', { username: 'bob' });
    await contactEvent(bob, carol, 'request');
    await send(carol, bob, 'hello bob');
    await agree(bob, { alice: 'friend online', carol: 'request' });
    const carolFrom = carol.events.length;
    await bob.request('contacts.ignore', { userId: carol.userId });
    await gone(bob, carol);
    await agree(bob, { alice: 'friend online' });
    await agree(carol, { bob: 'added' });
    assert.ok(
      !carol.events.slice(carolFrom).some((e) => e.event === 'contact' || e.event === 'contact.gone'),
      'carol is not told',
    );
    await send(carol, bob, 'me again');
    await contactEvent(bob, carol, 'request');
    await agree(bob, { alice: 'friend online', carol: 'request' });
    const request = (await bob.request('contacts.list', {})).contacts.find((c) => c.userId === carol.userId);
    assert.equal(request?.unread, 2);
  });
});

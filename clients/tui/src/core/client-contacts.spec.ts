import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ParleyError, PublicUser } from '@parley/contracts';
import { whenChanged } from '@parley/testing';
import type { ParleyClient } from './client';
import { clientFixture, statuses, texts } from './testing/client-fixture';

const lastNotice = (client: ParleyClient) => client.notices.at(-1)?.text ?? '';

/** Requests, accepting, ignoring, blocking; presence and receipts only where the relation shares them. */
describe('ParleyClient contacts', () => {
  let alice: PublicUser;
  let bob: PublicUser;
  let carol: PublicUser;
  const fixture = clientFixture((gateway) => {
    alice = gateway.addUser('alice', 'password1', { firstName: 'Alice', lastName: 'Liddell' });
    bob = gateway.addUser('bob', 'password1', { firstName: 'Bob', lastName: 'Builder' });
    carol = gateway.addUser('carol');
  });
  const { signedIn } = fixture;

  it('shows someone who added me as a request, by name, with their unread count, and lets me read it', async () => {
    const a = await signedIn('alice');
    fixture.gateway.act(bob.userId, 'add', alice.userId);
    await whenChanged(a, 'the request', () => a.contacts.get(bob.userId)?.relation === 'request');
    assert.equal(lastNotice(a), 'bob (Bob Builder) sent you a message request');
    assert.equal(a.contacts.get(bob.userId)?.presence, null);
    fixture.gateway.inject(bob.userId, alice.userId, 'hello?');
    await whenChanged(a, 'counted', () => a.contacts.get(bob.userId)?.unread === 1);

    await a.openConversation(bob.userId);
    assert.deepEqual(texts(a), ['hello?']);
    a.shown(bob.userId, [1]);
    assert.equal(a.contacts.get(bob.userId)?.unread, 0);
    await whenChanged(a, 'read', () => fixture.gateway.history.mark('read', alice.userId, bob.userId) === 1);
  });

  it('refuses to write to a request before it is accepted, and accepting makes friends with presence', async () => {
    const a = await signedIn('alice');
    const b = await signedIn('bob');
    await b.addContact('alice');
    await whenChanged(a, 'the request', () => a.contacts.get(bob.userId)?.relation === 'request');
    await a.openConversation(bob.userId);
    assert.throws(
      () => a.send('hi'),
      (e: ParleyError) => e.code === 'NOT_A_CONTACT' && /Accept bob's request first/.test(e.message),
    );
    assert.equal(a.outbox.size, 0);

    await a.accept(bob.userId);
    assert.equal(a.contacts.get(bob.userId)?.relation, 'friend');
    assert.equal(a.contacts.get(bob.userId)?.presence?.online, true);
    assert.equal(lastNotice(a), 'You and bob are friends now');
    await whenChanged(b, 'bob is told', () => b.contacts.get(alice.userId)?.relation === 'friend');
    assert.equal(lastNotice(b), 'alice added you back: you are friends now');
    assert.equal(b.contacts.get(alice.userId)?.presence?.online, true);
    a.send('hi');
    await whenChanged(b, 'received', () => b.contacts.get(alice.userId)?.unread === 1);
  });

  it('sets an ignored request aside until its sender writes again, and the sender never knows', async () => {
    const a = await signedIn('alice');
    const b = await signedIn('bob');
    await b.addContact('alice');
    await b.openConversation(alice.userId);
    b.send('first');
    await whenChanged(a, 'the request', () => a.contacts.get(bob.userId)?.unread === 1);

    await a.ignore(bob.userId);
    assert.equal(a.contacts.has(bob.userId), false);
    assert.match(lastNotice(a), /bob's request is set aside: it comes back if they write again/);
    assert.equal(b.contacts.get(alice.userId)?.relation, 'added');

    b.send('second');
    await whenChanged(a, 'back', () => a.contacts.get(bob.userId)?.relation === 'request');
    await whenChanged(a, 'counted', () => a.contacts.get(bob.userId)?.unread === 2);
    assert.equal(lastNotice(a), 'New message from bob');
  });

  it('blocks: the conversation stays readable but not writable, and the blocked one loses me', async () => {
    const a = await signedIn('alice');
    const b = await signedIn('bob');
    fixture.gateway.befriend(alice.userId, bob.userId);
    await whenChanged(b, 'friends', () => b.contacts.get(alice.userId)?.relation === 'friend');
    await b.openConversation(alice.userId);

    await a.block(bob.userId);
    assert.equal(a.contacts.get(bob.userId)?.relation, 'blocked');
    assert.equal(lastNotice(a), 'You blocked bob');
    await whenChanged(b, 'alice gone', () => !b.contacts.has(alice.userId));
    assert.equal(b.conversation, null);
    assert.equal(lastNotice(b), 'alice is no longer among your contacts');

    await a.openConversation(bob.userId);
    assert.throws(
      () => a.send('hi'),
      (e: ParleyError) => e.code === 'NOT_A_CONTACT',
    );
    await a.unblock(bob.userId);
    assert.equal(a.contacts.has(bob.userId), false);
    assert.equal(a.conversation, null);
    assert.equal(lastNotice(a), 'You unblocked bob');
    await b.addContact('alice');
    await whenChanged(a, 'a request again', () => a.contacts.get(bob.userId)?.relation === 'request');
  });

  it('tells a removal in the same words as a block', async () => {
    const a = await signedIn('alice');
    fixture.gateway.befriend(alice.userId, bob.userId);
    fixture.gateway.befriend(alice.userId, carol.userId);
    await whenChanged(a, 'two friends', () => a.contacts.list().length === 2);
    await a.openConversation(bob.userId);
    fixture.gateway.act(bob.userId, 'remove', alice.userId);
    await whenChanged(a, 'bob gone', () => !a.contacts.has(bob.userId));
    assert.equal(a.conversation, null);
    const removed = lastNotice(a);
    fixture.gateway.act(carol.userId, 'block', alice.userId);
    await whenChanged(a, 'carol gone', () => !a.contacts.has(carol.userId));
    assert.equal(lastNotice(a).replace('carol', 'bob'), removed);
  });

  it('keeps presence live for friends only, without fetching the list again', async () => {
    fixture.gateway.befriend(alice.userId, bob.userId);
    fixture.gateway.act(alice.userId, 'add', carol.userId);
    const a = await signedIn('alice');
    assert.equal(a.contacts.get(bob.userId)?.presence?.online, false);
    const b = await signedIn('bob');
    await signedIn('carol');
    await whenChanged(a, 'bob online', () => a.contacts.get(bob.userId)?.presence?.online === true);
    b.close();
    await whenChanged(a, 'bob offline', () => a.contacts.get(bob.userId)?.presence?.online === false);
    assert.notEqual(a.contacts.get(bob.userId)?.presence?.lastSeen, null);
    assert.equal(a.contacts.get(carol.userId)?.presence, null);
    const lists = fixture.gateway.requested.filter(
      (r) => r.userId === alice.userId && r.type === 'contacts.list',
    );
    assert.equal(lists.length, 1);
  });

  it('hints at nothing when the recipient does not share whether they are online', async () => {
    const a = await signedIn('alice');
    await a.addContact('carol');
    assert.equal(lastNotice(a), 'You added carol: waiting for them to add you back');
    await a.openConversation(carol.userId);
    a.send('hello carol');
    await whenChanged(a, 'stored', () => a.entries()[0]?.kind === 'message');
    const entry = a.entries()[0]!;
    assert.equal(entry.kind === 'message' && entry.recipientOffline, false);
    assert.ok(!a.notices.some((n) => /offline/.test(n.text)));
  });

  it('shows the read mark of someone I added only once we are friends', async () => {
    const a = await signedIn('alice');
    const c = await signedIn('carol');
    await a.addContact('carol');
    await a.openConversation(carol.userId);
    a.send('read me');
    await c.openConversation(alice.userId);
    await whenChanged(c, 'loaded', () => texts(c).length === 1);
    c.shown(alice.userId, [1]);
    await whenChanged(a, 'delivered', () => statuses(a)[0] === 'delivered');
    await whenChanged(
      a,
      'read mark kept',
      () => fixture.gateway.history.mark('read', carol.userId, alice.userId) === 1,
    );
    assert.deepEqual(statuses(a), ['delivered']);
    await c.accept(alice.userId);
    await whenChanged(a, 'read, once friends', () => statuses(a)[0] === 'read');
  });
});

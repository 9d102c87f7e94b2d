import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PublicUser } from '@parley/contracts';
import { pause, whenChanged } from '@parley/testing';
import { clientFixture, statuses } from './testing/client-fixture';

/** Nothing is read unless the UI says it was shown; unread counts follow the server's. */
describe('ParleyClient reading', () => {
  let alice: PublicUser;
  let bob: PublicUser;
  const fixture = clientFixture((gateway) => {
    alice = gateway.addUser('alice');
    bob = gateway.addUser('bob');
    gateway.befriend(alice.userId, bob.userId);
  });
  const { signedIn } = fixture;
  const reported = (kind: string) =>
    fixture.gateway.receipts
      .filter((r) => r.reader === alice.userId && r.kind === kind)
      .map((r) => r.upToSeq);

  it('reports delivered for what arrived and read only up to the newest shown message of the peer', async () => {
    for (const text of ['one', 'two', 'three']) fixture.gateway.inject(bob.userId, alice.userId, text, false);
    const a = await signedIn('alice');
    const b = await signedIn('bob');
    await b.openConversation(alice.userId);
    assert.equal(a.contacts.get(bob.userId)?.unread, 3);
    await a.openConversation(bob.userId);
    await pause(100);
    assert.deepEqual(reported('read'), [], 'opening reads nothing');
    assert.deepEqual(reported('delivered'), [3]);
    assert.equal(a.contacts.get(bob.userId)?.unread, 3);

    a.shown(bob.userId, [1, 2]);
    assert.equal(a.contacts.get(bob.userId)?.unread, 1);
    await whenChanged(a, 'read 2 reported', () => reported('read').includes(2));
    assert.equal(fixture.gateway.history.mark('read', alice.userId, bob.userId), 2);
    a.shown(bob.userId, [2]);
    a.shown(alice.userId, [3]);
    await pause(100);
    assert.deepEqual(reported('read'), [2], 'nothing again, nothing for another conversation');
  });

  it('never reports my own messages as what I read', async () => {
    const a = await signedIn('alice');
    await a.openConversation(bob.userId);
    a.send('mine');
    await whenChanged(a, 'stored', () => a.conversation?.newestSeq === 1);
    a.shown(bob.userId, [1]);
    await pause(100);
    assert.deepEqual(reported('read'), []);
  });

  it('keeps a message that arrives in the open conversation unread until it is shown', async () => {
    const a = await signedIn('alice');
    const b = await signedIn('bob');
    await a.openConversation(bob.userId);
    await b.openConversation(alice.userId);
    b.send('while alice looks away');
    await whenChanged(b, 'delivered', () => statuses(b)[0] === 'delivered');
    assert.equal(a.contacts.get(bob.userId)?.unread, 1);
    await pause(100);
    assert.deepEqual(statuses(b), ['delivered']);
    a.shown(bob.userId, [1]);
    await whenChanged(b, 'read', () => statuses(b)[0] === 'read');
    assert.equal(a.contacts.get(bob.userId)?.unread, 0);
  });

  it('counts a read mark from another device against what it covers, never more', async () => {
    for (const text of ['one', 'two', 'three']) fixture.gateway.inject(bob.userId, alice.userId, text, false);
    const laptop = await signedIn('alice');
    const phone = await signedIn('alice', { device: 'phone' });
    await phone.openConversation(bob.userId);
    phone.shown(bob.userId, [1, 2]);
    await whenChanged(laptop, 'the laptop counts one', () => laptop.contacts.get(bob.userId)?.unread === 1);

    await laptop.openConversation(bob.userId);
    await whenChanged(laptop, 'loaded', () => laptop.conversation?.isLoaded === true);
    assert.equal(laptop.contacts.get(bob.userId)?.unread, 1);
    phone.shown(bob.userId, [3]);
    await whenChanged(laptop, 'none left', () => laptop.contacts.get(bob.userId)?.unread === 0);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PublicUser, StoredMessage, UserId } from '@parley/contracts';
import { pause, whenChanged } from '@parley/testing';
import { clientFixture, texts } from './testing/client-fixture';

/** What a bell, a terminal title and a hotlist are built on: new messages told once, and who has some unread. */
describe('ParleyClient notifications', () => {
  let alice: PublicUser;
  let bob: PublicUser;
  let carol: PublicUser;
  const fixture = clientFixture((gateway) => {
    alice = gateway.addUser('alice');
    bob = gateway.addUser('bob');
    carol = gateway.addUser('carol');
    gateway.befriend(alice.userId, bob.userId);
    gateway.befriend(alice.userId, carol.userId);
  });
  const { signedIn } = fixture;

  it('tells each new message from a peer once, never my own, a redelivery or one already shown', async () => {
    const a = await signedIn('alice');
    const told: [UserId, string][] = [];
    a.events.on('incoming', ({ peer, message }) => told.push([peer, message.text]));
    const pushed: StoredMessage[] = [];
    a.events.on('message', (m) => pushed.push(m));

    const fromBob = fixture.gateway.inject(bob.userId, alice.userId, 'from bob');
    await whenChanged(a, 'bob’s message', () => a.contacts.get(bob.userId)?.unread === 1);
    // Live delivery is at least once: the same message again, then a new one behind it.
    fixture.gateway.pushAgain(fromBob);
    fixture.gateway.inject(carol.userId, alice.userId, 'from carol');
    await whenChanged(a, 'carol’s message', () => a.contacts.get(carol.userId)?.unread === 1);
    assert.equal(a.contacts.get(bob.userId)?.unread, 1);

    await a.openConversation(bob.userId);
    a.send('to bob');
    await whenChanged(a, 'mine stored', () => texts(a).length === 2 && a.outbox.size === 0);
    // Shown already by opening: a late push of it is nothing new.
    const unpushed = fixture.gateway.inject(bob.userId, alice.userId, 'unpushed', false);
    a.closeConversation();
    await a.openConversation(bob.userId);
    await whenChanged(a, 'fetched', () => texts(a).includes('unpushed'));
    fixture.gateway.pushAgain(unpushed);
    fixture.gateway.inject(bob.userId, alice.userId, 'last');
    await whenChanged(a, 'last', () => texts(a).includes('last'));

    assert.deepEqual(told, [
      [bob.userId, 'from bob'],
      [carol.userId, 'from carol'],
      [bob.userId, 'last'],
    ]);
    assert.deepEqual(
      pushed.map((m) => m.text),
      ['from bob', 'from carol', 'to bob', 'last'],
    );
  });

  it('keeps each conversation’s last activity fresh from live messages, and lists the unread by it', async () => {
    const a = await signedIn('alice');
    assert.deepEqual(a.hotlist(), []);
    const fromCarol = fixture.gateway.inject(carol.userId, alice.userId, 'first');
    await whenChanged(
      a,
      'carol active',
      () => a.contacts.get(carol.userId)?.lastActivityAt === fromCarol.sentAt,
    );
    // A later millisecond, so the two are not tied.
    await pause(5);
    const fromBob = fixture.gateway.inject(bob.userId, alice.userId, 'later');
    await whenChanged(a, 'bob active', () => a.contacts.get(bob.userId)?.lastActivityAt === fromBob.sentAt);
    assert.deepEqual(
      a.hotlist().map((c) => c.username),
      ['bob', 'carol'],
    );

    // The open conversation is in view, not on the hotlist; what I send there is activity too.
    await a.openConversation(carol.userId);
    assert.deepEqual(
      a.hotlist().map((c) => c.username),
      ['bob'],
    );
    const mine = a.send('reply');
    await whenChanged(a, 'reply stored', () => a.outbox.get(mine.clientMsgId) === undefined);
    const [, reply] = fixture.gateway.stored(alice.userId, carol.userId);
    assert.equal(a.contacts.get(carol.userId)?.lastActivityAt, reply!.sentAt);

    // A fresh list says the same as the live messages did.
    fixture.gateway.pushResync();
    await whenChanged(a, 'listed again', () => a.contacts.get(bob.userId)?.lastActivityAt === fromBob.sentAt);
    assert.equal(a.contacts.get(carol.userId)?.lastActivityAt, reply!.sentAt);
  });
});

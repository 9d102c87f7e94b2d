import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestSystem, whenChanged } from '@parley/testing';
import { ConversationEntry, ParleyClient } from '@parley/tui';
import { ClientMachines, online } from '../src/client-machines';
import { passwordOf } from '../src/terminal-sessions';

const changed = (client: ParleyClient, what: string, predicate: () => boolean, timeoutMs = 20_000) =>
  whenChanged(client, what, predicate, timeoutMs);

const messages = (client: ParleyClient) =>
  client.entries().flatMap((e: ConversationEntry) => (e.kind === 'message' ? [e] : []));

/** The terminal client's core, headless, against all four real services. */
describe('client core against the real system', () => {
  let system: TestSystem;
  let machines: ClientMachines;
  const machine = (dir: string) => machines.run(dir);
  const person = (username: string) => machines.person(username);

  before(async () => {
    system = await TestSystem.start('core');
    machines = await ClientMachines.create(() => system.gatewayUrl());
  });

  after(async () => {
    await machines?.dispose();
    await system?.stop();
  });

  it('chats with sent, delivered and read marks, and keeps typing through a gateway outage', async () => {
    const alice = await person('alice');
    const bob = await person('bob');
    await alice.addContact('bob');
    await bob.addContact('alice');
    await alice.openConversation(bob.me!.userId);
    await bob.openConversation(alice.me!.userId);
    // Bob's screen shows every message as it comes, as a terminal following the end would.
    bob.events.on('change', () =>
      bob.shown(
        alice.me!.userId,
        messages(bob).map((m) => m.message.seq),
      ),
    );

    alice.send('hello bob');
    await changed(alice, 'read', () => messages(alice)[0]?.status === 'read');
    await changed(bob, 'bob sees it', () => messages(bob).some((m) => m.message.text === 'hello bob'));

    // The gateway dies mid-conversation: what alice types meanwhile waits and is sent once when it is back.
    const gateway = system.service('gateway0');
    await gateway.kill('SIGKILL');
    await changed(alice, 'alice offline', () => !online(alice));
    alice.send('typed while the gateway was down');
    alice.send('and another one');
    await system.startService('gateway', 'gateway0', { GATEWAY_ID: 'gw0b' });
    await changed(alice, 'alice online again', () => online(alice), 30_000);
    await changed(bob, 'bob has all three', () => messages(bob).length === 3, 30_000);
    assert.deepEqual(
      messages(bob).map((m) => [m.message.seq, m.message.text]),
      [
        [1, 'hello bob'],
        [2, 'typed while the gateway was down'],
        [3, 'and another one'],
      ],
    );
    await changed(
      alice,
      'all read',
      () => messages(alice).length === 3 && messages(alice).every((m) => m.status === 'read'),
      30_000,
    );
  });

  it('keeps what was typed offline with its author through a logout, and sends it at their next login only', async () => {
    const dave = await person('dave');
    const erin = await person('erin');
    const frank = await person('frank');
    await dave.addContact('erin');
    await erin.addContact('dave');
    await frank.addContact('erin');
    await erin.addContact('frank');
    await erin.openConversation(dave.me!.userId);
    dave.close();
    frank.close();
    const credentials = (username: string) => ({ username, password: passwordOf(username) });

    // One terminal that dave and frank both use.
    const shared = machine('shared');
    await shared.login(credentials('dave'));
    await changed(shared, 'dave online', () => online(shared));
    await shared.openConversation(erin.me!.userId);
    await changed(shared, 'erin is a friend', () => shared.openPeer?.relation === 'friend');

    await system.service('gateway0').kill('SIGKILL');
    await changed(shared, 'dave offline', () => !online(shared));
    const typed = shared.send('x');
    shared.send('y');
    assert.equal(shared.unsentCount, 2);
    await shared.logout();
    assert.equal(shared.unsentCount, 0);
    await system.startService('gateway', 'gateway0', { GATEWAY_ID: 'gw0c' });
    await changed(erin, 'erin online again', () => online(erin), 30_000);

    // Frank logs in on the same terminal: dave's message is not his to send.
    await shared.login(credentials('frank'));
    await changed(shared, 'frank online', () => online(shared) && shared.contacts.loaded);
    await shared.openConversation(erin.me!.userId);
    await changed(shared, 'frank sees his conversation', () => shared.conversation?.isLoaded === true);
    assert.deepEqual(shared.outbox.all(), []);
    assert.deepEqual(shared.entries(), []);
    await shared.logout();

    await shared.login(credentials('dave'));
    await shared.openConversation(erin.me!.userId);
    await changed(
      erin,
      'erin gets x and y from dave',
      () => messages(erin).some((m) => m.message.text === 'y'),
      30_000,
    );
    await changed(
      shared,
      'dave sees both stored',
      () => messages(shared).length === 2 && shared.unsentCount === 0,
    );
    assert.deepEqual(
      messages(erin).map((m) => [m.message.seq, m.message.from, m.message.text]),
      [
        [1, dave.me!.userId, 'x'],
        [2, dave.me!.userId, 'y'],
      ],
    );
    // Queued offline, it shows when it was written, not when the server stored it later.
    const [stored] = messages(shared);
    assert.equal(stored!.writtenAt, typed.createdAt);
    assert.ok(stored!.message.sentAt > typed.createdAt);
  });
});

import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { ParleyError, PublicUser } from '@parley/contracts';
import { eventually, pause, whenChanged } from '@parley/testing';
import { ParleyClient } from './client';
import { clientFixture, online, statuses, texts } from './testing/client-fixture';

describe('ParleyClient against a fake gateway', () => {
  let alice: PublicUser;
  let bob: PublicUser;
  const fixture = clientFixture((gateway) => {
    alice = gateway.addUser('alice');
    bob = gateway.addUser('bob');
    gateway.befriend(alice.userId, bob.userId);
  });
  const { client, signedIn } = fixture;

  describe('session', () => {
    it('says which credentials are wrong and which username is taken', async () => {
      const c = client('x');
      await assert.rejects(
        c.login({ username: 'alice', password: 'nope' }),
        (e: ParleyError) => e.code === 'INVALID_CREDENTIALS',
      );
      await assert.rejects(
        c.register({
          firstName: 'A',
          lastName: 'B',
          email: 'a@b.c',
          username: 'alice',
          password: 'password1',
        }),
        (e: ParleyError) => e.code === 'USERNAME_TAKEN' && e.details.field === 'username',
      );
      assert.equal(c.authStatus.kind, 'signed-out');
    });

    it('registers and logs in in one step', async () => {
      const c = client('carol');
      const user = await c.register({
        firstName: 'Carol',
        lastName: 'C',
        email: 'c@x.io',
        username: 'carol',
        password: 'password1',
      });
      assert.equal(user.username, 'carol');
      await whenChanged(c, 'online', () => online(c));
    });

    it('explains an unreachable gateway instead of failing obscurely', async () => {
      const c = new ParleyClient({
        gatewayUrl: 'http://127.0.0.1:1',
        sessionDir: fixture.sessionDir('unreachable'),
      });
      await assert.rejects(
        c.login({ username: 'a', password: 'b' }),
        (e: ParleyError) =>
          e.code === 'UNAVAILABLE' &&
          /Cannot reach the gateway at http:\/\/127\.0\.0\.1:1: connection refused/.test(e.message),
      );
      const probe = await c.checkGateway();
      assert.notEqual(probe, true);
    });

    it('keeps the session for the next start, and forgets it on logout', async () => {
      const first = client('alice');
      await first.login({ username: 'alice', password: 'password1' });
      first.close();
      const second = client('alice');
      assert.equal(await second.start(), true);
      await whenChanged(second, 'online from the saved session', () => online(second));
      assert.equal(second.me?.username, 'alice');
      await second.logout();
      assert.equal(second.authStatus.kind, 'signed-out');
      assert.equal(await client('alice').start(), false);
    });

    it('refreshes a saved token about to expire before connecting, and saves the new one', async () => {
      fixture.gateway.tokenLifetimeMs = 5_000;
      const earlier = client('alice');
      await earlier.login({ username: 'alice', password: 'password1' });
      earlier.close();
      const file = join(fixture.sessionDir('alice'), 'session.json');
      const firstToken = JSON.parse(await readFile(file, 'utf8')).session.accessToken;
      const c = client('alice');
      assert.equal(await c.start(), true);
      await whenChanged(c, 'online', () => online(c));
      const saved = JSON.parse(await readFile(file, 'utf8')).session.accessToken;
      assert.notEqual(saved, firstToken);
      assert.equal((await stat(file)).mode & 0o777, 0o600);
    });

    it('asks for a new login when the gateway refuses the session and it cannot be refreshed', async () => {
      const c = await signedIn('alice');
      fixture.gateway.expireAllTokens();
      fixture.gateway.dropConnections();
      await whenChanged(c, 'signed out', () => c.authStatus.kind === 'signed-out');
      assert.match((c.authStatus as { reason?: string }).reason ?? '', /log in again/);
      assert.equal(await client('alice').start(), false);
    });
  });

  describe('messages', () => {
    it('sends, and shows my message go from sending to sent, delivered and read', async () => {
      const a = await signedIn('alice');
      const b = await signedIn('bob');
      await a.openConversation(bob.userId);
      a.send('hello bob');
      assert.deepEqual(statuses(a), ['sending']);
      await whenChanged(a, 'delivered', () => statuses(a)[0] === 'delivered');
      assert.equal(b.contacts.get(alice.userId)?.unread, 1);
      assert.match(b.notices.at(-1)?.text ?? '', /New message from alice/);
      await b.openConversation(alice.userId);
      assert.deepEqual(texts(b), ['hello bob']);
      b.shown(alice.userId, [1]);
      assert.equal(b.contacts.get(alice.userId)?.unread, 0);
      await whenChanged(a, 'read', () => statuses(a)[0] === 'read');
    });

    it('says when the friend is offline and will get the message later', async () => {
      const a = await signedIn('alice');
      await a.openConversation(bob.userId);
      a.send('are you there?');
      await whenChanged(a, 'offline notice', () => a.entries()[0]?.kind === 'message');
      const entry = a.entries()[0]!;
      assert.equal(entry.kind === 'message' && entry.recipientOffline, true);
      assert.ok(a.notices.some((n) => /bob is offline and will get your message later/.test(n.text)));
    });

    it('keeps messages typed while disconnected and sends them once, in order, after reconnecting', async () => {
      const a = await signedIn('alice');
      await a.openConversation(bob.userId);
      await fixture.gateway.stop();
      await whenChanged(a, 'offline', () => a.connectionState.kind === 'waiting');
      a.send('one');
      a.send('two');
      assert.deepEqual(statuses(a), ['sending', 'sending']);
      const ids = a.outbox.unsent().map((e) => e.clientMsgId);
      await fixture.gateway.start();
      await whenChanged(a, 'both stored', () => texts(a).length === 2 && a.outbox.size === 0, 8000);
      assert.deepEqual(
        fixture.gateway.stored(alice.userId, bob.userId).map((m) => [m.text, m.clientMsgId]),
        [
          ['one', ids[0]],
          ['two', ids[1]],
        ],
      );
    });

    it('keeps messages typed while offline across a restart, sends them once and in order, and empties the file once stored', async () => {
      const first = await signedIn('alice');
      await first.openConversation(bob.userId);
      await fixture.gateway.stop();
      await whenChanged(first, 'offline', () => first.connectionState.kind === 'waiting');
      const ids = [first.send('one'), first.send('two')].map((e) => e.clientMsgId);
      const file = join(fixture.sessionDir('alice'), `outbox-${alice.userId}.json`);
      const onDisk = await eventually(
        () =>
          readFile(file, 'utf8').then(
            (text) => JSON.parse(text) as { text: string }[],
            () => [],
          ),
        (entries) => entries.length === 2,
        2000,
      );
      first.close();
      assert.deepEqual(
        onDisk.map((e) => e.text),
        ['one', 'two'],
      );
      assert.equal((await stat(file)).mode & 0o777, 0o600);

      await fixture.gateway.start();
      const second = client('alice');
      assert.equal(await second.start(), true);
      await whenChanged(
        second,
        'both stored',
        () => fixture.gateway.stored(alice.userId, bob.userId).length === 2,
        8000,
      );
      assert.deepEqual(
        fixture.gateway.stored(alice.userId, bob.userId).map((m) => [m.text, m.clientMsgId]),
        [
          ['one', ids[0]],
          ['two', ids[1]],
        ],
      );
      await whenChanged(second, 'outbox empty', () => second.outbox.size === 0, 8000);
      await second.logout();
      await assert.rejects(stat(file), /ENOENT/);
    });

    it('keeps unsent messages with their author through a logout, for their next login and no one else', async () => {
      const carol = fixture.gateway.addUser('carol');
      fixture.gateway.befriend(carol.userId, bob.userId);
      const shared = await signedIn('alice');
      await shared.openConversation(bob.userId);
      await fixture.gateway.stop();
      await whenChanged(shared, 'offline', () => shared.connectionState.kind === 'waiting');
      const typed = shared.send('x');
      assert.equal(shared.unsentCount, 1);
      await shared.logout();
      assert.equal(shared.unsentCount, 0);
      const file = join(fixture.sessionDir('alice'), `outbox-${alice.userId}.json`);
      assert.deepEqual(
        (JSON.parse(await readFile(file, 'utf8')) as { text: string }[]).map((e) => e.text),
        ['x'],
      );

      await fixture.gateway.start();
      await shared.login({ username: 'carol', password: 'password1' });
      await whenChanged(shared, 'carol online', () => online(shared) && shared.contacts.loaded);
      await shared.openConversation(bob.userId);
      await whenChanged(shared, 'carol’s conversation', () => shared.conversation?.isLoaded === true);
      assert.deepEqual(shared.entries(), []);
      assert.deepEqual(fixture.gateway.sends, []);
      await shared.logout();

      await shared.login({ username: 'alice', password: 'password1' });
      await shared.openConversation(bob.userId);
      await whenChanged(shared, 'x stored', () => texts(shared).length === 1 && shared.unsentCount === 0);
      assert.deepEqual(
        fixture.gateway.stored(alice.userId, bob.userId).map((m) => [m.text, m.clientMsgId]),
        [['x', typed.clientMsgId]],
      );
      assert.deepEqual(fixture.gateway.stored(carol.userId, bob.userId), []);
      const [entry] = shared.entries();
      assert.equal(entry?.kind === 'message' && entry.writtenAt, typed.createdAt);
    });

    it('sends again with the same clientMsgId when the ack is lost, and the message is stored once', async () => {
      const a = await signedIn('alice', { requestTimeoutMs: 300 });
      await a.openConversation(bob.userId);
      fixture.gateway.silent = true;
      const { clientMsgId } = a.send('lost ack');
      await pause(400);
      assert.deepEqual(statuses(a), ['sending']);
      // With the conversation closed, nothing refetched tells the client the message was stored: it must resend.
      a.closeConversation();
      fixture.gateway.silent = false;
      fixture.gateway.dropConnections();
      await whenChanged(a, 'resent and acked', () => a.outbox.get(clientMsgId)?.status === 'sent', 8000);
      assert.equal(fixture.gateway.sends.filter((s) => s.clientMsgId === clientMsgId).length, 2);
      assert.equal(fixture.gateway.stored(alice.userId, bob.userId).length, 1);
      await a.openConversation(bob.userId);
      await whenChanged(a, 'reconciled', () => a.outbox.size === 0 && texts(a).length === 1);
    });

    it('fetches the gap when a live message skips seqs', async () => {
      const a = await signedIn('alice');
      const b = await signedIn('bob');
      await b.openConversation(alice.userId);
      await a.openConversation(bob.userId);
      fixture.gateway.losePushes = true;
      a.send('lost push');
      await whenChanged(a, 'first acked', () => statuses(a)[0] !== 'sending');
      fixture.gateway.losePushes = false;
      a.send('second');
      await whenChanged(b, 'both on bob', () => texts(b).length === 2);
      assert.deepEqual(texts(b), ['lost push', 'second']);
    });

    it('drops a message that arrives twice', async () => {
      const a = await signedIn('alice');
      await a.openConversation(bob.userId);
      let seen = 0;
      a.events.on('message', () => seen++);
      const m = fixture.gateway.inject(bob.userId, alice.userId, 'twice');
      await whenChanged(a, 'message', () => texts(a).length === 1);
      fixture.gateway.pushResync();
      fixture.gateway.inject(bob.userId, alice.userId, 'after');
      await whenChanged(a, 'second', () => texts(a).length === 2);
      assert.deepEqual(texts(a), ['twice', 'after']);
      assert.equal(seen, 2);
      assert.equal(m.seq, 1);
    });

    it('refetches on resync what live delivery missed', async () => {
      const a = await signedIn('alice');
      await a.openConversation(bob.userId);
      fixture.gateway.inject(bob.userId, alice.userId, 'missed', false);
      fixture.gateway.pushResync();
      await whenChanged(a, 'missed message', () => texts(a).includes('missed'));
    });

    it('loads older messages on request until the start', async () => {
      // Her own messages: none is unread, so the view holds only the last ten.
      for (let i = 1; i <= 25; i++) fixture.gateway.inject(alice.userId, bob.userId, `m${i}`, false);
      const a = await signedIn('alice');
      await a.openConversation(bob.userId);
      await whenChanged(a, 'view', () => texts(a).length === 10);
      assert.equal(a.conversation?.hasMoreBefore, true);
      await a.loadOlder();
      await a.loadOlder();
      assert.equal(texts(a).length, 25);
      assert.equal(texts(a)[0], 'm1');
      assert.equal(a.conversation?.hasMoreBefore, false);
    });

    it('refuses an empty message before it reaches the outbox', async () => {
      const a = await signedIn('alice');
      await a.openConversation(bob.userId);
      assert.throws(
        () => a.send('   '),
        (e: ParleyError) => e.code === 'INVALID_FIELD',
      );
      assert.equal(a.outbox.size, 0);
    });
  });

  describe('connection', () => {
    it('takes two missed pongs as a dead connection and reconnects', async () => {
      fixture.gateway.heartbeatMs = 100;
      const a = await signedIn('alice');
      const states: string[] = [];
      a.events.on('connection', (s) => states.push(s.kind));
      fixture.gateway.freeze();
      await whenChanged(a, 'reconnected', () => states.includes('waiting') && online(a), 4000);
    });

    it('gives up on a connection that is never welcomed, and tries again', async () => {
      const a = client('alice', { connectTimeoutMs: 200 });
      fixture.gateway.welcome = false;
      await a.login({ username: 'alice', password: 'password1' });
      await whenChanged(a, 'waiting', () => a.connectionState.kind === 'waiting');
      const state = a.connectionState;
      assert.ok(state.kind === 'waiting' && /did not welcome/.test(state.reason));
      fixture.gateway.welcome = true;
      await whenChanged(a, 'online', () => online(a), 4000);
    });

    it('retries with back-off while the gateway is down and says why', async () => {
      const a = await signedIn('alice');
      await fixture.gateway.stop();
      await whenChanged(a, 'waiting', () => a.connectionState.kind === 'waiting');
      const state = a.connectionState;
      assert.ok(
        state.kind === 'waiting' && /Cannot reach the gateway|connection was lost/.test(state.reason),
      );
      await fixture.gateway.start();
      await whenChanged(a, 'online again', () => online(a), 8000);
    });
  });
});

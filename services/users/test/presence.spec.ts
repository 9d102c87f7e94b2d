import { EventTap, pause, waitUntil } from '@parley/testing';
import * as amqp from 'amqplib';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  EXCHANGES,
  GatewayHeartbeat,
  PresenceChanged,
  PresenceReported,
  PublicUser,
  QUEUES,
  envelope,
  usersRpc,
} from '@parley/contracts';
import { Publisher } from '@parley/messaging';
import { UsersHarness } from './harness';

describe('users: presence', () => {
  let h: UsersHarness;
  let publisher: Publisher;
  let events: EventTap;
  let watcher: PublicUser;
  let bob: PublicUser;
  let carol: PublicUser;

  const report = (
    userId: string,
    gatewayId: string,
    online: boolean,
    at = new Date().toISOString(),
    connections?: number,
  ) =>
    publisher.publish(
      PresenceReported,
      envelope(PresenceReported, { gatewayId, reports: [{ userId, online, at, connections }] }),
    );
  const heartbeat = (gatewayId: string, intervalMs: number) =>
    publisher.publish(
      GatewayHeartbeat,
      envelope(GatewayHeartbeat, { gatewayId, at: new Date().toISOString(), intervalMs }),
    );
  const verdicts = (userId: string) =>
    events.received
      .filter((r) => r.routingKey === PresenceChanged.binding(userId))
      .map((r) => PresenceChanged.envelope.parse(r.event).data);
  /** The verdicts without the announcements of counts alone, which keep the revision. */
  const flips = (userId: string) =>
    verdicts(userId)
      .filter((v, i, all) => i === 0 || v.rev !== all[i - 1]!.rev)
      .map(({ connections: _, ...verdict }) => verdict);
  /** The presence the watcher's contacts list shows for a friend. */
  const friendOf = async (userId: string) => {
    const { lists } = await h.rpc.call(usersRpc.listContacts, { userIds: [watcher.userId] });
    return lists[watcher.userId]!.find((c) => c.user.userId === userId)!.presence!;
  };

  before(async () => {
    h = await UsersHarness.start('presence');
    publisher = new Publisher(h.connection);
    events = await h.listen(['presence.changed.*']);
    watcher = await h.register({ username: 'watcher', email: 'watcher@example.com' });
    bob = await h.register({ username: 'bob', email: 'bob@example.com' });
    carol = await h.register({ username: 'carol', email: 'carol@example.com' });
    for (const friend of [bob, carol]) {
      await h.rpc.call(usersRpc.addContact, { userId: watcher.userId, username: friend.username });
      await h.rpc.call(usersRpc.addContact, { userId: friend.userId, username: watcher.username });
    }
  });
  after(async () => {
    await events?.close();
    await h?.stop();
  });

  it('announces a user reported online, and the friends list shows them online', async () => {
    await report(bob.userId, 'gw-a', true);
    const { event } = await events.waitFor((e) => e.routingKey === PresenceChanged.binding(bob.userId));
    assert.equal(PresenceChanged.envelope.parse(event).data.online, true);
    assert.equal((await friendOf(bob.userId)).online, true);
  });

  it('keeps a user online while any gateway holds them, with a new revision only when the verdict flips', async () => {
    await report(bob.userId, 'gw-b', true);
    await report(bob.userId, 'gw-a', true);
    await report(bob.userId, 'gw-a', false);
    const leftAt = new Date().toISOString();
    await report(bob.userId, 'gw-b', false, leftAt);
    await events.waitFor(
      (e) =>
        e.routingKey === PresenceChanged.binding(bob.userId) &&
        (e.event.data as { online: boolean }).online === false,
    );
    const [online, offline] = flips(bob.userId);
    assert.deepEqual(flips(bob.userId), [
      { userId: bob.userId, online: true, lastSeen: online!.lastSeen, rev: online!.rev },
      { userId: bob.userId, online: false, lastSeen: leftAt, rev: offline!.rev },
    ]);
    assert.ok(offline!.rev > online!.rev, 'a later verdict has a higher revision');
    assert.deepEqual(verdicts(bob.userId).at(-1)!.connections, {});
    const friend = await friendOf(bob.userId);
    assert.equal(friend.online, false);
    assert.equal(friend.lastSeen, leftAt);
  });

  it('announces the count of connections on each gateway as it changes, keeping the revision', async () => {
    const counted = (connections: Record<string, number>) =>
      events.waitFor(
        (e) =>
          e.routingKey === PresenceChanged.binding(watcher.userId) &&
          JSON.stringify((e.event.data as { connections: unknown }).connections) ===
            JSON.stringify(connections),
      );
    await report(watcher.userId, 'gw-n', true, undefined, 2);
    await counted({ 'gw-n': 2 });
    await report(watcher.userId, 'gw-m', true, undefined, 3);
    await counted({ 'gw-n': 2, 'gw-m': 3 });
    // A gateway still on version 2 reports no count: one connection.
    const old = { ...envelope(PresenceReported, { gatewayId: 'gw-o', reports: [] }), version: 2 };
    old.data.reports = [{ userId: watcher.userId, online: true, at: new Date().toISOString() }];
    await publisher.publish(PresenceReported, old);
    await counted({ 'gw-n': 2, 'gw-m': 3, 'gw-o': 1 });
    await report(watcher.userId, 'gw-n', false, undefined, 0);
    await counted({ 'gw-m': 3, 'gw-o': 1 });
    assert.equal(new Set(verdicts(watcher.userId).map((v) => v.rev)).size, 1, 'one verdict: online');
    await report(watcher.userId, 'gw-m', false, undefined, 0);
    await report(watcher.userId, 'gw-o', false);
    await counted({});
    assert.equal(flips(watcher.userId).at(-1)!.online, false);
  });

  it('takes the users of a gateway that stopped its heartbeats offline', async () => {
    await heartbeat('gw-crashing', 200);
    await report(carol.userId, 'gw-crashing', true);
    await events.waitFor((e) => e.routingKey === PresenceChanged.binding(carol.userId));
    const { event } = await events.waitFor(
      (e) =>
        e.routingKey === PresenceChanged.binding(carol.userId) &&
        (e.event.data as { online: boolean }).online === false,
      20_000,
    );
    const offline = PresenceChanged.envelope.parse(event).data;
    assert.ok(offline.lastSeen !== null);
    const friend = await friendOf(carol.userId);
    assert.equal(friend.online, false);
    assert.equal(friend.lastSeen, offline.lastSeen);
  });

  it('keeps the users of a gateway that keeps beating', async () => {
    const beating = setInterval(() => void heartbeat('gw-steady', 500), 100);
    try {
      await report(carol.userId, 'gw-steady', true);
      await events.waitFor(
        (e) =>
          e.routingKey === PresenceChanged.binding(carol.userId) &&
          (e.event.data as { online: boolean }).online,
      );
      await pause(2000);
      assert.equal((await friendOf(carol.userId)).online, true);
      assert.equal(verdicts(carol.userId).at(-1)!.online, true);
    } finally {
      clearInterval(beating);
    }
  });

  it('dead-letters a malformed presence event and goes on consuming', async () => {
    const raw = await amqp.connect(h.ns.rabbitUrl);
    const channel = await raw.createConfirmChannel();
    channel.publish(EXCHANGES.events, PresenceReported.binding(bob.userId), Buffer.from('not json'));
    channel.publish(
      EXCHANGES.events,
      PresenceReported.binding(bob.userId),
      Buffer.from(JSON.stringify({ type: 'presence.reported', data: {} })),
    );
    channel.publish(
      EXCHANGES.events,
      GatewayHeartbeat.binding('gw-x'),
      Buffer.from(JSON.stringify({ type: 'something.else' })),
    );
    await channel.waitForConfirms();
    await report(bob.userId, 'gw-c', true);
    await events.waitFor(
      (e) => e.routingKey === PresenceChanged.binding(bob.userId) && flips(bob.userId).length === 3,
    );
    assert.equal(flips(bob.userId).at(-1)!.online, true);
    const dead = await waitUntil(
      async () => {
        const count = (await channel.checkQueue(QUEUES.deadLetters.name)).messageCount;
        return count >= 3 && count;
      },
      { what: 'three dead letters' },
    );
    await raw.close();
    assert.equal(dead, 3);
  });

  it('remembers who is online across a restart, and still takes them offline after', async () => {
    await h.restart();
    assert.equal((await friendOf(bob.userId)).online, true);
    await report(bob.userId, 'gw-c', false);
    await events.waitFor(
      (e) => e.routingKey === PresenceChanged.binding(bob.userId) && flips(bob.userId).length === 4,
    );
    assert.equal(flips(bob.userId).at(-1)!.online, false);
    assert.equal((await friendOf(bob.userId)).online, false);
    const revs = flips(bob.userId).map((v) => v.rev);
    assert.deepEqual(
      revs,
      [...revs].sort((a, b) => a - b),
      'revisions grow across the restart',
    );
    assert.equal(new Set(revs).size, revs.length);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FriendAdded, FriendRemoved, PublicUser, ROUTING, RpcResponseOf, usersRpc } from '@parley/contracts';
import { EventTap, UsersHarness, rejectsWith } from './harness';

describe('users: search', () => {
  let h: UsersHarness;
  let caller: PublicUser;
  const others: PublicUser[] = [];
  before(async () => {
    h = await UsersHarness.start('search');
    caller = await h.register({ username: 'quinn_caller', firstName: 'Quinn', email: 'caller@example.com' });
    for (let i = 0; i < 7; i++)
      others.push(await h.register({ username: `quinn_${i}`, email: `quinn${i}@example.com` }));
    others.push(
      await h.register({ username: 'zed', firstName: 'Quincy', lastName: 'Adams', email: 'zed@example.com' }),
    );
    others.push(
      await h.register({ username: 'yan', firstName: 'Émile', lastName: 'Quimby', email: 'yan@example.com' }),
    );
    await h.register({
      username: 'unrelated',
      firstName: 'Bob',
      lastName: 'Smith',
      email: 'bob@example.com',
    });
  });
  after(async () => h?.stop());

  it("pages through username and name prefixes, never returning the caller or anyone's email", async () => {
    const seen: PublicUser[] = [];
    let offset: number | null = 0;
    let pages = 0;
    while (offset !== null) {
      const page: RpcResponseOf<typeof usersRpc.search> = await h.rpc.call(usersRpc.search, {
        userId: caller.userId,
        query: 'QUI',
        offset,
        limit: 4,
      });
      assert.ok(page.users.length <= 4);
      for (const u of page.users)
        assert.deepEqual(Object.keys(u).sort(), ['firstName', 'lastName', 'userId', 'username']);
      seen.push(...page.users);
      offset = page.nextOffset;
      pages++;
    }
    assert.equal(pages, 3);
    assert.deepEqual(seen.map((u) => u.userId).sort(), others.map((u) => u.userId).sort());
    assert.ok(!seen.some((u) => u.userId === caller.userId));
  });

  it('matches a first or last name prefix in any case, and Unicode names', async () => {
    const byLast = await h.rpc.call(usersRpc.search, { userId: caller.userId, query: 'adam' });
    assert.deepEqual(
      byLast.users.map((u) => u.username),
      ['zed'],
    );
    const byFirst = await h.rpc.call(usersRpc.search, { userId: caller.userId, query: 'émi' });
    assert.deepEqual(
      byFirst.users.map((u) => u.username),
      ['yan'],
    );
    assert.equal(byFirst.nextOffset, null);
  });

  it('takes the query literally, not as a pattern', async () => {
    const page = await h.rpc.call(usersRpc.search, { userId: caller.userId, query: '.*' });
    assert.deepEqual(page.users, []);
  });
});

describe('users: friends', () => {
  let h: UsersHarness;
  let events: EventTap;
  let alice: PublicUser;
  let bob: PublicUser;
  let carol: PublicUser;
  before(async () => {
    h = await UsersHarness.start('friends');
    events = await h.listen(['friend.#']);
    alice = await h.register({
      username: 'alice',
      firstName: 'Alice',
      lastName: 'Liddell',
      email: 'alice@example.com',
    });
    bob = await h.register({
      username: 'bob',
      firstName: 'Bob',
      lastName: 'Builder',
      email: 'bob@example.com',
    });
    carol = await h.register({
      username: 'carol',
      firstName: 'Carol',
      lastName: 'Danvers',
      email: 'carol@example.com',
    });
  });
  after(async () => {
    await events?.close();
    await h?.stop();
  });

  it('adds a friend one-sidedly, lists them with display name and presence, and announces friend.added', async () => {
    const { friend } = await h.rpc.call(usersRpc.addFriend, { userId: alice.userId, username: ' BOB ' });
    assert.equal(friend.userId, bob.userId);
    assert.equal(friend.firstName, 'Bob');
    assert.equal(friend.online, false);
    assert.equal(friend.lastSeen, null);
    assert.ok(Date.parse(friend.addedAt) > 0);
    const listed = await h.rpc.call(usersRpc.listFriends, { userId: alice.userId });
    assert.deepEqual(listed.friends, [friend]);
    assert.deepEqual((await h.rpc.call(usersRpc.listFriends, { userId: bob.userId })).friends, []);
    const { event } = await events.waitFor(
      (e) => e.routingKey === ROUTING.friendAdded(alice.userId, bob.userId),
    );
    assert.deepEqual(FriendAdded.envelope.parse(event).data, { userId: alice.userId, friend });
  });

  it('refuses adding yourself, an unknown user, or a friend twice', async () => {
    await rejectsWith(
      h.rpc.call(usersRpc.addFriend, { userId: alice.userId, username: 'alice' }),
      'CANNOT_ADD_SELF',
      'username',
    );
    await rejectsWith(
      h.rpc.call(usersRpc.addFriend, { userId: alice.userId, username: 'mallory' }),
      'USER_NOT_FOUND',
      'username',
    );
    await rejectsWith(
      h.rpc.call(usersRpc.addFriend, { userId: alice.userId, username: 'bob' }),
      'ALREADY_FRIENDS',
      'username',
    );
  });

  it('adds friends at any time, including several at once', async () => {
    const more = [];
    for (let i = 0; i < 5; i++)
      more.push(await h.register({ username: `pal${i}`, email: `pal${i}@example.com` }));
    await Promise.all(
      more.map((p) => h.rpc.call(usersRpc.addFriend, { userId: carol.userId, username: p.username })),
    );
    await h.rpc.call(usersRpc.addFriend, { userId: carol.userId, username: 'alice' });
    const { friends } = await h.rpc.call(usersRpc.listFriends, { userId: carol.userId });
    assert.deepEqual(friends.map((f) => f.username).sort(), [
      'alice',
      'pal0',
      'pal1',
      'pal2',
      'pal3',
      'pal4',
    ]);
  });

  it('removes a friend, announces friend.removed, and refuses removing a non-friend with NOT_FRIENDS', async () => {
    await h.rpc.call(usersRpc.addFriend, { userId: bob.userId, username: 'carol' });
    assert.deepEqual(
      await h.rpc.call(usersRpc.removeFriend, { userId: bob.userId, friendId: carol.userId }),
      {},
    );
    assert.deepEqual((await h.rpc.call(usersRpc.listFriends, { userId: bob.userId })).friends, []);
    const { event } = await events.waitFor(
      (e) => e.routingKey === ROUTING.friendRemoved(bob.userId, carol.userId),
    );
    assert.deepEqual(FriendRemoved.envelope.parse(event).data, {
      userId: bob.userId,
      friendId: carol.userId,
    });
    await rejectsWith(
      h.rpc.call(usersRpc.removeFriend, { userId: bob.userId, friendId: carol.userId }),
      'NOT_FRIENDS',
      'friendId',
    );
    await rejectsWith(
      h.rpc.call(usersRpc.removeFriend, { userId: bob.userId, friendId: alice.userId }),
      'NOT_FRIENDS',
      'friendId',
    );
  });

  it('adds a removed friend again', async () => {
    await h.rpc.call(usersRpc.addFriend, { userId: bob.userId, username: 'carol' });
    const { friends } = await h.rpc.call(usersRpc.listFriends, { userId: bob.userId });
    assert.deepEqual(
      friends.map((f) => f.userId),
      [carol.userId],
    );
  });
});

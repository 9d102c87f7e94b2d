import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ContactChanged, ContactRecord, PublicUser, Relation, relationOf, usersRpc } from '@parley/contracts';
import { EventTap, ServiceProcess, createNamespace } from '@parley/testing';
import mongoose from 'mongoose';
import { JWT_SECRET, UsersHarness, rejectsWith } from './harness';

const relation = (record: ContactRecord | undefined): Relation =>
  record ? relationOf(record.mine, record.theirs) : 'none';

describe('users: contacts', () => {
  let h: UsersHarness;
  let events: EventTap;
  let ann: PublicUser;
  let ben: PublicUser;
  let cid: PublicUser;

  /** How `owner` sees `other` in their contacts list. */
  const view = async (owner: PublicUser, other: PublicUser) => {
    const { lists } = await h.rpc.call(usersRpc.listContacts, { userIds: [owner.userId] });
    return lists[owner.userId]!.find((c) => c.user.userId === other.userId);
  };
  /** The newest contact.changed event for `owner` about `other`. */
  const announced = async (owner: PublicUser, other: PublicUser, expected: Relation) => {
    const match = (r: { routingKey: string; event: unknown }) => {
      if (r.routingKey !== ContactChanged.binding(owner.userId)) return false;
      const { contact } = ContactChanged.envelope.parse(r.event).data;
      return contact.user.userId === other.userId && relation(contact) === expected;
    };
    const found = await events.waitFor(match);
    return ContactChanged.envelope.parse(found.event).data;
  };
  const add = (owner: PublicUser, other: PublicUser) =>
    h.rpc.call(usersRpc.addContact, { userId: owner.userId, username: other.username });
  const on = (owner: PublicUser, other: PublicUser) => ({ userId: owner.userId, otherId: other.userId });

  before(async () => {
    h = await UsersHarness.start('contacts');
    events = await h.listen(['contact.changed.*']);
    ann = await h.register({
      username: 'ann',
      firstName: 'Ann',
      lastName: 'Arbor',
      email: 'ann@example.com',
    });
    ben = await h.register({
      username: 'ben',
      firstName: 'Ben',
      lastName: 'Nevis',
      email: 'ben@example.com',
    });
    cid = await h.register({
      username: 'cid',
      firstName: 'Cid',
      lastName: 'Moreau',
      email: 'cid@example.com',
    });
  });
  after(async () => {
    await events?.close();
    await h?.stop();
  });

  it('adds one-sidedly: the adder waits, the other has a request naming them, and both are told', async () => {
    const { contact } = await h.rpc.call(usersRpc.addContact, { userId: ann.userId, username: ' BEN ' });
    assert.deepEqual(contact.user, ben);
    assert.equal(relation(contact), 'added');
    assert.equal(contact.presence, null);
    assert.equal(relation(await view(ann, ben)), 'added');
    const request = await view(ben, ann);
    assert.equal(relation(request), 'request');
    assert.deepEqual(request!.user, ann);
    assert.equal(request!.presence, null, 'no presence before the request is accepted');
    assert.deepEqual((await announced(ben, ann, 'request')).contact.user, ann);
    await announced(ann, ben, 'added');
  });

  it('accepting makes friends on both sides, each with the other’s presence', async () => {
    const { contact } = await add(ben, ann);
    assert.equal(relation(contact), 'friend');
    assert.deepEqual(contact.presence && Object.keys(contact.presence).sort(), ['lastSeen', 'online', 'rev']);
    assert.equal(relation(await view(ann, ben)), 'friend');
    assert.notEqual((await view(ann, ben))!.presence, null);
    assert.notEqual((await announced(ann, ben, 'friend')).contact.presence, null);
  });

  it('refuses adding twice, yourself, or someone unknown, with the field named', async () => {
    await rejectsWith(add(ann, ben), 'ALREADY_ADDED', 'username');
    await rejectsWith(add(ann, ann), 'CANNOT_ADD_SELF', 'username');
    await rejectsWith(
      h.rpc.call(usersRpc.addContact, { userId: ann.userId, username: 'nobody' }),
      'USER_NOT_FOUND',
      'username',
    );
  });

  it('removing ends it both ways; either may add again, which is a request to the other', async () => {
    await h.rpc.call(usersRpc.removeContact, on(ann, ben));
    assert.equal(relation(await view(ann, ben)), 'none');
    assert.equal(relation(await view(ben, ann)), 'none', 'an add from before the removal no longer counts');
    await announced(ben, ann, 'none');
    await rejectsWith(h.rpc.call(usersRpc.removeContact, on(ann, ben)), 'NOT_A_CONTACT', 'userId');
    await add(ben, ann);
    assert.equal(relation(await view(ann, ben)), 'request');
    assert.equal(relation(await view(ben, ann)), 'added');
    await add(ann, ben);
    assert.equal(relation(await view(ben, ann)), 'friend');
  });

  it('blocking hides the blocker: no request, not found when added or searched, until unblocked and added again', async () => {
    await add(cid, ann);
    assert.equal(relation(await view(ann, cid)), 'request');
    const { contact } = await h.rpc.call(usersRpc.block, on(ann, cid));
    assert.equal(relation(contact), 'blocked');
    assert.equal(relation(await view(ann, cid)), 'blocked');
    assert.equal(relation(await view(cid, ann)), 'none', 'the request is gone, and the blocked see nothing');
    await announced(cid, ann, 'none');
    await rejectsWith(add(cid, ann), 'USER_NOT_FOUND', 'username');
    const found = await h.rpc.call(usersRpc.search, { userId: cid.userId, query: 'ann' });
    assert.deepEqual(found.users, []);
    await rejectsWith(h.rpc.call(usersRpc.block, on(ann, cid)), 'ALREADY_BLOCKED', 'userId');
    await rejectsWith(add(ann, cid), 'USER_BLOCKED', 'username');

    await h.rpc.call(usersRpc.unblock, on(ann, cid));
    assert.equal(relation(await view(ann, cid)), 'none', 'unblocking restores nothing');
    assert.equal(relation(await view(cid, ann)), 'none');
    await rejectsWith(h.rpc.call(usersRpc.unblock, on(ann, cid)), 'NOT_BLOCKED', 'userId');
    assert.equal((await h.rpc.call(usersRpc.search, { userId: cid.userId, query: 'ann' })).users.length, 1);
    await add(cid, ann);
    assert.equal(relation(await view(ann, cid)), 'request');
  });

  it('ignoring sets a request aside for its receiver only; a message after it brings it back', async () => {
    await h.rpc.call(usersRpc.ignore, { ...on(ann, cid), throughSeq: 3 });
    const ignored = await view(ann, cid);
    assert.equal(relationOf(ignored!.mine, ignored!.theirs, 3), 'ignored');
    assert.equal(relationOf(ignored!.mine, ignored!.theirs, 4), 'request');
    assert.equal(relation(await view(cid, ann)), 'added', 'the sender is not told');
    await rejectsWith(
      h.rpc.call(usersRpc.ignore, { ...on(ann, cid), throughSeq: 3 }),
      'NO_REQUEST',
      'userId',
    );
    await h.rpc.call(usersRpc.ignore, { ...on(ann, cid), throughSeq: 4 });
    await rejectsWith(
      h.rpc.call(usersRpc.ignore, { ...on(ben, cid), throughSeq: 0 }),
      'NO_REQUEST',
      'userId',
    );
  });

  it('keeps both adds when two people add each other at the same moment', async () => {
    const pairs = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        Promise.all([
          h.register({ username: `dee${i}`, email: `dee${i}@example.com` }),
          h.register({ username: `eve${i}`, email: `eve${i}@example.com` }),
        ]),
      ),
    );
    await Promise.all(pairs.flatMap(([d, e]) => [add(d, e), add(e, d), add(d, ann)]));
    for (const [d, e] of pairs) {
      assert.equal(relation(await view(d, e)), 'friend');
      assert.equal(relation(await view(e, d)), 'friend');
    }
    const { lists } = await h.rpc.call(usersRpc.listContacts, { userIds: [ann.userId] });
    assert.equal(
      lists[ann.userId]!.filter((c) => relation(c) === 'request' && c.user.username.startsWith('dee')).length,
      5,
    );
  });
});

describe('users: contacts of an earlier version', () => {
  it('brings one-sided friends lists along as adds, mutual ones as friends, and drops the old collection', async () => {
    const ns = await createNamespace('legacy');
    const db = await mongoose.createConnection(ns.mongoUrl).asPromise();
    const person = (username: string, userId: string) => ({
      _id: userId,
      username,
      firstName: username,
      lastName: 'Old',
      email: `${username}@example.com`,
      createdAt: new Date(),
    });
    const [fay, gus, hal] = [
      person('fay', 'a1111111-1111-4111-8111-111111111111'),
      person('gus', 'b2222222-2222-4222-8222-222222222222'),
      person('hal', 'c3333333-3333-4333-8333-333333333333'),
    ];
    await db.collection('users').insertMany([fay, gus, hal] as never[]);
    const entry = (p: typeof fay, addedAt: string) => ({
      userId: p._id,
      username: p.username,
      firstName: p.firstName,
      lastName: p.lastName,
      addedAt,
    });
    await db.collection('friends').insertMany([
      {
        _id: fay._id,
        friends: [entry(gus, '2026-01-01T00:00:00.000Z'), entry(hal, '2026-01-02T00:00:00.000Z')],
      },
      { _id: gus._id, friends: [entry(fay, '2026-01-03T00:00:00.000Z')] },
    ] as never[]);
    const service = await ServiceProcess.start('users', {
      RABBITMQ_URL: ns.rabbitUrl,
      MONGO_URL: ns.mongoUrl,
      JWT_SECRET,
      LOG_LEVEL: 'warn',
    });
    const h = await UsersHarness.attach(ns, service);
    try {
      const list = async (userId: string) =>
        new Map(
          (await h.rpc.call(usersRpc.listContacts, { userIds: [userId] })).lists[userId]!.map((c) => [
            c.user.username,
            relation(c),
          ]),
        );
      assert.deepEqual(
        await list(fay._id),
        new Map([
          ['gus', 'friend'],
          ['hal', 'added'],
        ]),
      );
      assert.deepEqual(await list(gus._id), new Map([['fay', 'friend']]));
      assert.deepEqual(await list(hal._id), new Map([['fay', 'request']]));
      assert.equal((await db.db!.listCollections({ name: 'friends' }).toArray()).length, 0);
    } finally {
      await db.close();
      await h.stop();
    }
  });
});

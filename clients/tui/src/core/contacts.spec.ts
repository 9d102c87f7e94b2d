import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Contacts } from './contacts';
import type { ContactView } from './contacts';

const bob = '0b7e8a5c-1d2f-4a3b-9c4d-5e6f7a8b9c0d';
const eve = 'f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b';

function friend(userId: string, username: string, unread = 0): ContactView {
  return {
    userId,
    username,
    firstName: username,
    lastName: 'X',
    relation: 'friend',
    since: '2026-01-01T00:00:00.000Z',
    presence: { online: false, lastSeen: null },
    unread,
  };
}

describe('Contacts', () => {
  it('tells an empty list from one not fetched yet', () => {
    const f = new Contacts();
    assert.equal(f.loaded, false);
    f.replaceAll([]);
    assert.equal(f.loaded, true);
    f.reset();
    assert.equal(f.loaded, false);
  });

  it('lists friends by username', () => {
    const f = new Contacts();
    f.replaceAll([friend(eve, 'eve'), friend(bob, 'bob')]);
    assert.deepEqual(
      f.list().map((x) => x.username),
      ['bob', 'eve'],
    );
  });

  it('counts a live message once, whatever the number of times it arrives', () => {
    const f = new Contacts();
    f.replaceAll([friend(bob, 'bob', 2)]);
    assert.equal(f.countUnread(bob, 'm1'), true);
    assert.equal(f.countUnread(bob, 'm1'), false);
    assert.equal(f.get(bob)?.unread, 3);
  });

  it('takes the server counts on each fetch instead of adding to its own', () => {
    const f = new Contacts();
    f.replaceAll([friend(bob, 'bob', 0)]);
    f.countUnread(bob, 'm1');
    f.replaceAll([friend(bob, 'bob', 1)]);
    assert.equal(f.get(bob)?.unread, 1);
  });

  it('takes the count of a conversation whose unread messages are at hand', () => {
    const f = new Contacts();
    f.replaceAll([friend(bob, 'bob', 4)]);
    f.setUnread(bob, 1);
    assert.equal(f.get(bob)?.unread, 1);
  });

  it('updates presence of friends only', () => {
    const f = new Contacts();
    f.replaceAll([friend(bob, 'bob')]);
    assert.equal(f.presence(bob, true, null), true);
    assert.equal(f.get(bob)?.presence?.online, true);
    assert.equal(f.presence(eve, true, null), false);
  });

  it('keeps the unread count of a friend added again, and forgets a removed one', () => {
    const f = new Contacts();
    f.replaceAll([friend(bob, 'bob', 2)]);
    f.upsert({ ...friend(bob, 'bob'), presence: { online: true, lastSeen: null } });
    assert.equal(f.get(bob)?.unread, 2);
    assert.equal(f.remove(bob), true);
    assert.equal(f.has(bob), false);
  });
});

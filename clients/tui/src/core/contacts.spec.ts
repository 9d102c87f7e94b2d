import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Contacts } from './contacts';
import { contactView } from './testing/contact-view';

const bob = contactView('bob').userId;
const eve = contactView('eve').userId;

describe('Contacts', () => {
  it('tells an empty list from one not fetched yet', () => {
    const f = new Contacts();
    assert.equal(f.loaded, false);
    f.replaceAll([]);
    assert.equal(f.loaded, true);
    f.reset();
    assert.equal(f.loaded, false);
  });

  it('lists contacts by username', () => {
    const f = new Contacts();
    f.replaceAll([contactView('eve'), contactView('bob')]);
    assert.deepEqual(
      f.list().map((x) => x.username),
      ['bob', 'eve'],
    );
  });

  it('counts a live message once, whatever the number of times it arrives', () => {
    const f = new Contacts();
    f.replaceAll([contactView('bob', 'friend', { unread: 2 })]);
    assert.equal(f.countUnread(bob, 'm1'), true);
    assert.equal(f.countUnread(bob, 'm1'), false);
    assert.equal(f.get(bob)?.unread, 3);
  });

  it('takes the server counts on each fetch instead of adding to its own', () => {
    const f = new Contacts();
    f.replaceAll([contactView('bob', 'friend', { unread: 0 })]);
    f.countUnread(bob, 'm1');
    f.replaceAll([contactView('bob', 'friend', { unread: 1 })]);
    assert.equal(f.get(bob)?.unread, 1);
  });

  it('takes the count of a conversation whose unread messages are at hand', () => {
    const f = new Contacts();
    f.replaceAll([contactView('bob', 'friend', { unread: 4 })]);
    f.setUnread(bob, 1);
    assert.equal(f.get(bob)?.unread, 1);
  });

  it('updates presence of friends only', () => {
    const c = new Contacts();
    c.replaceAll([contactView('bob'), contactView('eve', 'added')]);
    assert.equal(c.presence(bob, true, null), true);
    assert.equal(c.get(bob)?.presence?.online, true);
    assert.equal(c.presence(eve, true, null), false);
    assert.equal(c.get(eve)?.presence, null);
  });

  it('keeps the unread count of a contact that changed, none for someone blocked, and forgets one gone', () => {
    const c = new Contacts();
    c.replaceAll([contactView('bob', 'friend', { unread: 2 }), contactView('eve', 'friend', { unread: 1 })]);
    c.upsert(contactView('bob', 'friend', { presence: { online: true, lastSeen: null } }));
    assert.equal(c.get(bob)?.unread, 2);
    c.upsert(contactView('eve', 'blocked'));
    assert.equal(c.get(eve)?.unread, 0);
    assert.equal(c.remove(bob), true);
    assert.equal(c.has(bob), false);
  });
});

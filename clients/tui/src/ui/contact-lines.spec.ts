import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { VisibleRelation } from '@parley/contracts';
import { contactView } from '../core/testing/contact-view';
import { contactLines, contactOrder } from './contact-lines';

const contact = (username: string, relation: VisibleRelation, unread = 0) =>
  contactView(username, relation, {
    unread,
    presence: relation === 'friend' ? { online: true, lastSeen: null } : null,
  });

const plain = (lines: string[]) => lines.map((l) => l.replace(/\{[^}]*\}/g, ''));

describe('contactLines', () => {
  const list = [
    contact('amy', 'friend', 3),
    contact('bea', 'blocked'),
    contact('cal', 'request', 2),
    contact('dan', 'added'),
  ];
  const layout = { width: 24, selected: null, openId: null, focused: false };

  it('puts requests first, then friends and whom I added, then the blocked', () => {
    assert.deepEqual(
      contactOrder(list).map((c) => c.username),
      ['cal', 'amy', 'dan', 'bea'],
    );
  });

  it('orders each section by unread first, then the most recent conversation, then by name', () => {
    const at = (minute: number) => `2026-03-01T12:${String(minute).padStart(2, '0')}:00.000Z`;
    const friends = [
      contactView('ann', 'friend', { lastActivityAt: at(5) }),
      contactView('ben', 'friend', { lastActivityAt: at(9) }),
      contactView('cid', 'friend'),
      contactView('dee', 'friend', { unread: 1, lastActivityAt: at(1) }),
      contactView('eve', 'added'),
      contactView('fay', 'friend', { unread: 4, lastActivityAt: at(7) }),
      contactView('gus', 'request', { unread: 1, lastActivityAt: at(2) }),
      contactView('hal', 'request', { unread: 2, lastActivityAt: at(3) }),
      contactView('ida', 'blocked', { lastActivityAt: at(4) }),
      contactView('joe', 'blocked'),
    ];
    assert.deepEqual(
      contactOrder(friends).map((c) => c.username),
      ['hal', 'gus', 'fay', 'dee', 'ben', 'ann', 'cid', 'eve', 'ida', 'joe'],
    );
  });

  it('draws a title over each section and two lines for each contact, with its unread count', () => {
    const text = contactLines(contactOrder(list), layout);
    assert.deepEqual(plain(text.lines), [
      'Requests',
      ' ◇ cal                2 ',
      '   Cal Tester · request',
      'Contacts',
      ' ● amy                3 ',
      '   online',
      ' ◌ dan                  ',
      '   waiting for dan',
      'Blocked',
      ' ⊘ bea                  ',
      '   blocked',
    ]);
    assert.equal(text.at.get(list[1]!.userId), 9);
  });

  it('leaves out sections no one is in, and marks the open conversation and the choice', () => {
    const amy = list[0]!;
    const text = contactLines([amy], { ...layout, selected: amy.userId, openId: amy.userId, focused: true });
    assert.equal(text.lines.length, 3);
    assert.match(text.lines[1]!, /^\{inverse\}▸/);
  });

  it('keeps a name from injecting tags', () => {
    const text = contactLines([contact('{red-fg}x', 'friend')], layout);
    assert.match(text.lines[1]!, /\{open\}red-fg\{close\}x/);
  });
});

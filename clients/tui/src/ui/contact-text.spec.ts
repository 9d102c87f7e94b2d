import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { VisibleRelation } from '@parley/contracts';
import { contactView } from '../core/testing/contact-view';
import { contactDetail, contactKeys, conversationTitle, searchTag, writeHint } from './contact-text';

const NOW = Date.parse('2026-01-01T12:00:00.000Z');

const contact = (relation: VisibleRelation, online = false) =>
  contactView('sam', relation, {
    presence: relation === 'friend' ? { online, lastSeen: '2026-01-01T11:55:00.000Z' } : null,
  });

describe('contact texts', () => {
  it('shows presence for friends only, and for anyone else where things stand', () => {
    assert.equal(contactDetail(contact('friend', true), NOW), 'online');
    assert.equal(contactDetail(contact('friend'), NOW), 'last seen 5 min ago');
    assert.equal(contactDetail(contact('added'), NOW), 'waiting for sam');
    assert.equal(contactDetail(contact('request'), NOW), 'Sam Tester · request');
    assert.equal(contactDetail(contact('blocked'), NOW), 'blocked');
  });

  it('titles a conversation by who it is with and how they relate', () => {
    assert.equal(conversationTitle(contact('friend', true), NOW), 'sam · online');
    assert.equal(conversationTitle(contact('added'), NOW), 'sam · waiting for sam to add you back');
    assert.equal(conversationTitle(contact('request'), NOW), 'sam (Sam Tester) · message request');
    assert.equal(conversationTitle(contact('blocked'), NOW), 'sam · blocked');
  });

  it('lets the message line take text only for friends and whom I added', () => {
    assert.equal(writeHint(contact('friend')), null);
    assert.equal(writeHint(contact('added')), null);
    assert.match(writeHint(contact('request'))!, /Accept sam's request.*\/accept, or Delete in Contacts/);
    assert.match(writeHint(contact('blocked'))!, /You blocked sam: \/unblock, or Delete in Contacts/);
    assert.equal(writeHint(null), 'open a conversation to write');
  });

  it('names the keys that apply to the chosen contact', () => {
    assert.equal(contactKeys(contact('request')), 'Del accept, ignore, block');
    assert.equal(contactKeys(contact('blocked')), 'Del unblock');
    assert.equal(contactKeys(contact('friend')), 'Del remove, block');
    assert.equal(contactKeys(null), 'Ctrl-F find people');
  });

  it('tags a search result by how it stands with me', () => {
    assert.equal(searchTag(contact('friend')), ' ✓ friend');
    assert.equal(searchTag(contact('request')), ' · request: Enter accepts');
    assert.equal(searchTag(undefined), '');
  });
});

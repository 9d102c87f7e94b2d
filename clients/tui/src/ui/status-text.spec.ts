import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contactView } from '../core/testing/contact-view';
import { connectionText, hotlistText, lastSeenText, shortenWords } from './status-text';
import { textWidth } from './text-width';

const plain = (s: string) => s.replace(/\{[^}]*\}/g, '');

describe('lastSeenText', () => {
  const now = Date.parse('2026-01-02T12:00:00Z');
  it('says online, or how long ago in rough units', () => {
    assert.equal(lastSeenText(true, null, now), 'online');
    assert.equal(lastSeenText(false, null, now), 'offline');
    assert.equal(lastSeenText(false, '2026-01-02T11:59:50Z', now), 'last seen just now');
    assert.equal(lastSeenText(false, '2026-01-02T11:55:00Z', now), 'last seen 5 min ago');
    assert.equal(lastSeenText(false, '2026-01-02T09:00:00Z', now), 'last seen 3 h ago');
    assert.equal(lastSeenText(false, '2026-01-01T09:00:00Z', now), 'last seen yesterday');
    assert.equal(lastSeenText(false, '2025-12-20T09:00:00Z', now), 'last seen 13 days ago');
  });
});

describe('connectionText', () => {
  it('names the user when online and counts the outbox', () => {
    assert.equal(plain(connectionText({ kind: 'online', heartbeatMs: 1 }, 'ada', 0)), '● online as ada');
    assert.equal(
      plain(connectionText({ kind: 'online', heartbeatMs: 1 }, 'ada', 2)),
      '● online as ada · 2 messages waiting to send',
    );
  });

  it('says why it is offline and when it retries', () => {
    const text = plain(
      connectionText(
        { kind: 'waiting', attempt: 3, retryAt: 5_400, reason: 'connection refused' },
        'ada',
        1,
        Infinity,
        1_000,
      ),
    );
    assert.equal(
      text,
      '✕ offline · 1 message waiting to send · retrying in 5 s (Ctrl-R now) · connection refused',
    );
  });

  it('keeps its state and shortens the rest by whole words to the width', () => {
    const state = { kind: 'waiting', attempt: 3, retryAt: 5_400, reason: 'connection refused' } as const;
    const text = plain(connectionText(state, 'ada', 0, 30, 1_000));
    assert.equal(text, '✕ offline · retrying in 5 s…');
    assert.equal(plain(connectionText(state, 'ada', 0, 10, 1_000)), '✕ offline');
  });
});

describe('shortenWords', () => {
  it('leaves text that fits, and cuts the rest at a space with an ellipsis', () => {
    assert.equal(shortenWords('all of it', 9), 'all of it');
    assert.equal(shortenWords('cannot reach the gateway', 16), 'cannot reach…');
  });

  it('drops a separator left at the end, and cuts a first word too long', () => {
    assert.equal(shortenWords('one · two three', 9), 'one…');
    assert.equal(shortenWords('incomprehensibilities', 8), 'incompr…');
  });
});

describe('hotlistText', () => {
  const bob = contactView('bob', 'friend', { unread: 3 });
  const carol = contactView('carol', 'friend', { unread: 1 });
  const dave = contactView('dave', 'friend', { unread: 12 });

  it('lists who else wrote and how much, in the order given', () => {
    assert.equal(hotlistText([bob, carol], 80), '[2: bob 3, carol 1]');
    assert.equal(hotlistText([carol, bob], 80), '[2: carol 1, bob 3]');
    assert.equal(hotlistText([], 80), '');
  });

  it('leaves out whole entries to fit, and nothing when not even the count fits', () => {
    const all = [bob, carol, dave];
    assert.equal(hotlistText(all, 18), '[3: bob 3, …]');
    assert.equal(hotlistText(all, 6), '[3: …]');
    assert.equal(hotlistText(all, 5), '');
    for (let width = 0; width < 30; width++) assert.ok(textWidth(hotlistText(all, width)) <= width);
  });
});

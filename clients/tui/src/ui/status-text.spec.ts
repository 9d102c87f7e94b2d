import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { connectionText, lastSeenText } from './status-text';

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
        1_000,
      ),
    );
    assert.equal(
      text,
      '✕ offline · 1 message waiting to send · retrying in 5 s (Ctrl-R now) · connection refused',
    );
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConversationEntry } from '../core/client';
import type { MessageStatus } from '../core/conversation';
import type { StoredMessage } from '@parley/contracts';
import { conversationLines, openingOffset, shownSeqs, viewport } from './conversation-lines';

const me = '0b7e8a5c-1d2f-4a3b-9c4d-5e6f7a8b9c0d';
const bob = 'f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b';

function message(
  seq: number,
  text: string,
  mine: boolean,
  status: MessageStatus | null = null,
  sentAt = '2026-01-01T10:00:00.000Z',
): Extract<ConversationEntry, { kind: 'message' }> {
  const m: StoredMessage = {
    messageId: `m${seq}`,
    clientMsgId: `c${seq}`,
    conversationId: `${me}:${bob}`,
    seq,
    from: mine ? me : bob,
    to: mine ? bob : me,
    text,
    sentAt,
    storedAt: sentAt,
  };
  return { kind: 'message', message: m, mine, status, recipientOffline: false };
}

const plain = ({ lines }: { lines: string[] }) => lines.map((l) => l.replace(/\{[^}]*\}/g, ''));

describe('conversationLines', () => {
  const layout = {
    width: 40,
    peerName: 'bob',
    firstUnreadSeq: null,
    top: 'none' as const,
    peerOnline: true,
    now: Date.parse('2026-01-01T12:00:00.000Z'),
  };
  /** Without the day rule each conversation starts with. */
  const body = (text: { lines: string[] }) => plain(text).slice(1);

  it('shows each message with sender, and my messages with their mark right after the text', () => {
    const lines = body(
      conversationLines(
        [message(1, 'hi', false), message(2, 'hello', true, 'sent'), message(3, 'there', true, 'delivered')],
        layout,
      ),
    );
    assert.match(lines[0]!, /^\d\d:\d\d bob {2}hi$/);
    assert.match(lines[1]!, /^\d\d:\d\d you {2}hello ✓$/);
    assert.match(lines[2]!, /^\d\d:\d\d you {2}there ✓✓$/);
  });

  it('keeps the mark beside the text on the widest terminal, and the text column within reach', () => {
    const wide = { ...layout, width: 300 };
    const [short, long] = [
      message(1, 'hi', true, 'sent'),
      message(2, 'word '.repeat(50).trim(), true, 'sent'),
    ];
    const lines = body(conversationLines([short, long], wide));
    assert.match(lines[0]!, /you {2}hi ✓$/);
    for (const line of lines) assert.ok(line.length <= 11 + 100, line);
    assert.match(lines.at(-1)!, /word ✓$/);
  });

  it('says read once, by a rule under the last of my messages the peer has read', () => {
    const lines = body(
      conversationLines(
        [message(1, 'a', true, 'read'), message(2, 'b', true, 'read'), message(3, 'c', true, 'delivered')],
        layout,
      ),
    );
    assert.equal(lines.length, 4);
    assert.match(lines[1]!, /b ✓✓$/);
    assert.match(lines[2]!, /^─+ read by bob ─+$/);
    assert.match(lines[3]!, /c ✓✓$/);
    assert.ok(!lines.some((l) => /✓✓ read/.test(l)));
  });

  it('names the day where each day starts', () => {
    const yesterday = message(1, 'old', false, null, '2025-12-31T12:00:00.000Z');
    const lines = plain(conversationLines([yesterday, message(2, 'new', false)], layout));
    assert.match(lines[0]!, /─ Yesterday ─/);
    assert.match(lines[2]!, /─ Today ─/);
  });

  it('puts the new-messages marker before the first unread message, and says where', () => {
    const text = conversationLines([message(1, 'old', false), message(2, 'new', false)], {
      ...layout,
      firstUnreadSeq: 2,
    });
    const lines = plain(text);
    assert.equal(lines.length, 4);
    assert.match(lines[2]!, /new messages/);
    assert.match(lines[3]!, /new$/);
    assert.equal(text.marker, 2);
  });

  it('says which message each line belongs to', () => {
    const text = conversationLines(
      [message(1, 'word '.repeat(8).trim(), false), message(2, 'short', true, 'sent')],
      { ...layout, top: 'start' },
    );
    assert.deepEqual(text.seqs, [null, null, 1, 1, 2]);
    assert.equal(text.marker, null);
  });

  it('wraps long text under itself, within the width', () => {
    const lines = body(conversationLines([message(1, 'word '.repeat(20).trim(), false)], layout));
    assert.ok(lines.length > 1);
    for (const line of lines) assert.ok(line.length <= 40, line);
    assert.match(lines[1]!, /^ {11}word/);
  });

  const pending = (status: 'sending' | 'sent' | 'failed', recipientOnline?: boolean): ConversationEntry => ({
    kind: 'pending',
    entry: {
      clientMsgId: `c-${status}`,
      to: bob,
      text: 'later',
      createdAt: new Date(2026, 0, 1, 14, 2).toISOString(),
      status,
      recipientOnline,
      error: status === 'failed' ? { code: 'NOT_A_CONTACT', message: 'bob is not your contact' } : undefined,
    },
  });

  it('shows an outbox message with the local time it was queued, and why one was not sent', () => {
    assert.match(
      body(conversationLines([pending('sending')], layout))[0]!,
      /^14:02 you {2}later … queued 14:02$/,
    );
    assert.match(
      body(conversationLines([pending('failed')], layout)).join('\n'),
      /later\n {11}✗ not sent: bob is not your contact$/,
    );
  });

  it('says once, at the end, that the peer is offline while messages wait for them', () => {
    const away = { ...layout, peerOnline: false };
    const entries = [message(1, 'one', true, 'sent'), message(2, 'two', true, 'sent'), pending('sent')];
    const lines = body(conversationLines(entries, away));
    assert.equal(lines.filter((l) => /bob is offline/.test(l)).length, 1);
    assert.match(lines.slice(-2).join(' '), /bob is offline/);
    assert.ok(!body(conversationLines(entries, layout)).some((l) => /offline/.test(l)), 'not once back');
    const delivered = [message(1, 'one', true, 'delivered')];
    assert.ok(!body(conversationLines(delivered, away)).some((l) => /offline/.test(l)), 'not when delivered');
  });

  it('without presence, goes by what the server said of the newest waiting message', () => {
    const unknown = { ...layout, peerOnline: null };
    assert.ok(body(conversationLines([pending('sent', false)], unknown)).some((l) => /offline/.test(l)));
    assert.ok(!body(conversationLines([pending('sent', true)], unknown)).some((l) => /offline/.test(l)));
  });

  it('shows when my message was written, and when it was stored only if a minute or more later', () => {
    const written = (storedAfterMs: number): ConversationEntry => {
      const m = message(1, 'typed offline', true, 'sent');
      const writtenAt = new Date(2026, 0, 1, 9, 0).toISOString();
      const storedAt = new Date(Date.parse(writtenAt) + storedAfterMs).toISOString();
      return { ...m, writtenAt, message: { ...m.message, sentAt: storedAt, storedAt } };
    };
    assert.match(body(conversationLines([written(30_000)], layout))[0]!, /^09:00 you {2}typed offline ✓$/);
    assert.match(
      body(conversationLines([written(7 * 60_000)], { ...layout, width: 60 }))[0]!,
      /^09:00 you {2}typed offline ✓ · stored 09:07$/,
    );
  });

  it('says what is above: more, or the beginning, on one rule with the first day', () => {
    assert.match(plain(conversationLines([], { ...layout, top: 'more' }))[0]!, /PageUp for older/);
    assert.match(
      plain(conversationLines([], { ...layout, top: 'start' }))[0]!,
      /─ beginning of the conversation ─/,
    );
    const start = { ...layout, top: 'start' as const, width: 60 };
    const lines = plain(conversationLines([message(1, 'hi', false)], start));
    assert.equal(lines.length, 2);
    assert.match(lines[0]!, /─ beginning of the conversation · Today ─/);
    const narrow = plain(conversationLines([message(1, 'hi', false)], { ...start, width: 40 }));
    assert.match(narrow[0]!, /─ beginning of the conversation ─/, 'two rules where one would not fit');
    assert.match(narrow[1]!, /─ Today ─/);
    for (const line of narrow) assert.ok(line.length <= 40, line);
  });

  it('reuses the wrapped lines of a message until its state changes', () => {
    const cache = new Map<string, string[]>();
    const first = conversationLines([message(1, 'hello', true, 'sent')], layout, cache);
    assert.equal(cache.size, 1);
    assert.deepEqual(conversationLines([message(1, 'hello', true, 'sent')], layout, cache), first);
    assert.equal(cache.size, 1);
    const delivered = body(conversationLines([message(1, 'hello', true, 'delivered')], layout, cache));
    assert.match(delivered[0]!, /hello ✓✓$/);
    assert.equal(cache.size, 2);
  });

  it('keeps message text from injecting tags', () => {
    const line = conversationLines([message(1, '{red-fg}x', false)], layout).lines[1];
    assert.match(line!, /\{open\}red-fg\{close\}x/);
  });
});

describe('viewport', () => {
  it('shows the newest lines when following the end', () => {
    assert.deepEqual(viewport(10, 3, 0), { start: 7, end: 10, offset: 0, atTop: false });
  });

  it('scrolls up by an offset and stops at the top', () => {
    assert.deepEqual(viewport(10, 3, 4), { start: 3, end: 6, offset: 4, atTop: false });
    assert.deepEqual(viewport(10, 3, 100), { start: 0, end: 3, offset: 7, atTop: true });
  });

  it('is at the top at once when everything fits', () => {
    assert.deepEqual(viewport(1, 5, 3), { start: 0, end: 1, offset: 0, atTop: true });
  });
});

describe('openingOffset', () => {
  const text = (total: number, marker: number | null) => ({
    lines: Array.from({ length: total }, (_, i) => `l${i}`),
    seqs: Array.from({ length: total }, (_, i) => i),
    marker,
  });

  it('opens with the new-messages rule near the top when what follows does not fit', () => {
    const offset = openingOffset(text(50, 10), 20);
    assert.deepEqual(viewport(50, 20, offset), { start: 8, end: 28, offset: 22, atTop: false });
  });

  it('opens at the end when everything after the rule fits, or there is none', () => {
    assert.equal(openingOffset(text(50, 40), 20), 0);
    assert.equal(openingOffset(text(50, null), 20), 0);
  });

  it('keeps the rule in view at the very top', () => {
    assert.equal(viewport(50, 20, openingOffset(text(50, 1), 20)).start, 0);
  });
});

describe('shownSeqs', () => {
  // Line by line: a rule, message 1 on two lines, message 2 on one, message 3 on three.
  const seqs = [null, 1, 1, 2, 3, 3, 3];

  it('counts the messages whose every line is in view', () => {
    assert.deepEqual(shownSeqs(seqs, 0, 7), [1, 2, 3]);
    assert.deepEqual(shownSeqs(seqs, 1, 4), [1, 2]);
  });

  it('leaves out a message cut by the top or the bottom of the view', () => {
    assert.deepEqual(shownSeqs(seqs, 2, 6), [2]);
    assert.deepEqual(shownSeqs(seqs, 0, 2), []);
  });

  it('counts a message taller than the view when it fills it', () => {
    assert.deepEqual(shownSeqs(seqs, 5, 6), [3]);
    assert.deepEqual(shownSeqs(seqs, 4, 6), [3]);
  });

  it('shows nothing of an empty view', () => {
    assert.deepEqual(shownSeqs(seqs, 3, 3), []);
  });
});

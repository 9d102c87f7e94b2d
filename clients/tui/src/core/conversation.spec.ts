import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConversationView, StoredMessage } from '@parley/contracts';
import { Conversation } from './conversation';

const me = '0b7e8a5c-1d2f-4a3b-9c4d-5e6f7a8b9c0d';
const bob = 'f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b';

function msg(seq: number, from = bob): StoredMessage {
  const at = new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString();
  return {
    messageId: `m${seq}`,
    clientMsgId: `c${seq}`,
    conversationId: `${me}:${bob}`,
    seq,
    from,
    to: from === bob ? me : bob,
    text: `text ${seq}`,
    sentAt: at,
    storedAt: at,
  };
}

function range(from: number, to: number, sender?: string): StoredMessage[] {
  return Array.from({ length: to - from + 1 }, (_, i) => msg(from + i, sender));
}

function view(over: Partial<ConversationView>): ConversationView {
  return {
    conversationId: `${me}:${bob}`,
    messages: [],
    lastSeq: 0,
    firstUnreadSeq: null,
    unreadCount: 0,
    hasMoreBefore: false,
    hasMoreAfter: false,
    peerDeliveredSeq: 0,
    peerReadSeq: 0,
    ...over,
  };
}

const seqs = (c: Conversation) => c.messages().map((m) => m.seq);

describe('Conversation', () => {
  it('opens on the view: messages in seq order, the unread marker, older pages available', () => {
    const c = new Conversation(bob);
    c.applyView(
      view({ messages: range(11, 20), lastSeq: 20, firstUnreadSeq: 16, unreadCount: 5, hasMoreBefore: true }),
    );
    assert.deepEqual(
      seqs(c),
      range(11, 20).map((m) => m.seq),
    );
    assert.equal(c.firstUnreadSeq, 16);
    assert.equal(c.unread(), 5);
    assert.equal(c.hasMoreBefore, true);
    assert.equal(c.gapAfter(), null);
  });

  it('opens an empty conversation with nothing to fetch', () => {
    const c = new Conversation(bob);
    c.applyView(view({}));
    assert.deepEqual(seqs(c), []);
    assert.equal(c.gapAfter(), null);
  });

  it('asks for the rest when the view holds only one page of unread messages', () => {
    const c = new Conversation(bob);
    c.applyView(view({ messages: range(1, 100), lastSeq: 150, firstUnreadSeq: 1, hasMoreAfter: true }));
    assert.equal(c.gapAfter(), 100);
    c.applyPage('after', 100, range(101, 150), false);
    assert.equal(c.gapAfter(), null);
    assert.equal(c.messages().length, 150);
  });

  it('drops a message it already holds, by messageId', () => {
    const c = new Conversation(bob);
    c.applyView(view({ messages: range(1, 3), lastSeq: 3 }));
    assert.equal(c.addLive(msg(3)), false);
    assert.equal(c.addLive(msg(4)), true);
    assert.equal(c.addLive(msg(4)), false);
    assert.deepEqual(seqs(c), [1, 2, 3, 4]);
  });

  it('sees a gap when a live message skips seqs, and closes it with the page after', () => {
    const c = new Conversation(bob);
    c.applyView(view({ messages: range(1, 5), lastSeq: 5 }));
    c.addLive(msg(9));
    assert.equal(c.gapAfter(), 5);
    assert.deepEqual(seqs(c), [1, 2, 3, 4, 5, 9]);
    c.applyPage('after', 5, range(6, 9), false);
    assert.equal(c.gapAfter(), null);
    assert.deepEqual(
      seqs(c),
      range(1, 9).map((m) => m.seq),
    );
  });

  it('keeps the gap open when history lags behind live delivery', () => {
    const c = new Conversation(bob);
    c.applyView(view({ messages: range(1, 5), lastSeq: 5 }));
    c.addLive(msg(9));
    c.applyPage('after', 5, range(6, 7), false);
    assert.equal(c.gapAfter(), 7);
    c.addLive(msg(8));
    assert.equal(c.gapAfter(), null);
  });

  it('reports no gap for live messages that arrive before the view', () => {
    const c = new Conversation(bob);
    c.addLive(msg(6));
    assert.equal(c.gapAfter(), null);
    c.applyView(view({ messages: range(1, 5), lastSeq: 5 }));
    assert.equal(c.gapAfter(), null);
    assert.deepEqual(seqs(c), [1, 2, 3, 4, 5, 6]);
  });

  it('prepends older pages and learns when the start is reached', () => {
    const c = new Conversation(bob);
    c.applyView(view({ messages: range(21, 30), lastSeq: 30, hasMoreBefore: true }));
    c.applyPage('before', 21, range(11, 20), true);
    assert.equal(c.oldestSeq, 11);
    assert.equal(c.hasMoreBefore, true);
    c.applyPage('before', 11, range(1, 10), false);
    assert.equal(c.hasMoreBefore, false);
    assert.deepEqual(
      seqs(c),
      range(1, 30).map((m) => m.seq),
    );
  });

  it('merges a refetch after reconnect without losing loaded history or moving the marker', () => {
    const c = new Conversation(bob);
    c.applyView(view({ messages: range(11, 20), lastSeq: 20, firstUnreadSeq: 18, hasMoreBefore: true }));
    c.applyPage('before', 11, range(1, 10), false);
    c.applyView(
      view({
        messages: range(15, 24),
        lastSeq: 24,
        firstUnreadSeq: 21,
        hasMoreBefore: true,
        peerReadSeq: 12,
      }),
    );
    assert.deepEqual(
      seqs(c),
      range(1, 24).map((m) => m.seq),
    );
    assert.equal(c.hasMoreBefore, false);
    assert.equal(c.firstUnreadSeq, 18);
    assert.equal(c.peerReadSeq, 12);
    assert.equal(c.gapAfter(), null);
  });

  it('fills from the old end when a refetch does not reach back to what is loaded', () => {
    const c = new Conversation(bob);
    c.applyView(view({ messages: range(1, 10), lastSeq: 10 }));
    c.applyView(view({ messages: range(41, 50), lastSeq: 50, hasMoreBefore: true }));
    assert.equal(c.gapAfter(), 10);
    assert.equal(c.hasMoreBefore, false);
    c.applyPage('after', 10, range(11, 40), false);
    assert.equal(c.gapAfter(), null);
    assert.equal(c.messages().length, 50);
  });

  it('moves my messages from sent to delivered to read, and never back', () => {
    const c = new Conversation(bob);
    c.applyView(view({ messages: [msg(1, me), msg(2, me), msg(3, me)], lastSeq: 3, peerDeliveredSeq: 1 }));
    const [a, b, d] = c.messages();
    assert.deepEqual([c.statusOf(a!), c.statusOf(b!), c.statusOf(d!)], ['delivered', 'sent', 'sent']);
    c.applyReceipt('delivered', 3);
    c.applyReceipt('read', 2);
    assert.deepEqual([c.statusOf(a!), c.statusOf(b!), c.statusOf(d!)], ['read', 'read', 'delivered']);
    c.applyReceipt('delivered', 1);
    c.applyReceipt('read', 1);
    assert.deepEqual([c.statusOf(a!), c.statusOf(b!), c.statusOf(d!)], ['read', 'read', 'delivered']);
  });

  it('counts a read receipt as delivery too', () => {
    const c = new Conversation(bob);
    c.applyReceipt('read', 4);
    assert.equal(c.peerDeliveredSeq, 4);
  });

  it('knows the newest message from the peer, of all and of those shown', () => {
    const c = new Conversation(bob);
    c.applyView(view({ messages: [msg(1), msg(2), msg(3, me)], lastSeq: 3 }));
    assert.equal(c.newestFromPeer(), 2);
    assert.equal(c.newestFromPeerAmong([1, 3]), 1);
    assert.equal(c.newestFromPeerAmong([3, 9]), null);
  });

  it("counts the peer's messages after my read mark as unread, and the mark only rises", () => {
    const c = new Conversation(bob);
    c.applyView(
      view({ messages: [msg(1), msg(2, me), msg(3), msg(4)], lastSeq: 4, firstUnreadSeq: 3, unreadCount: 2 }),
    );
    assert.equal(c.readUpTo, 2);
    assert.equal(c.unread(), 2);
    assert.equal(c.markRead(3), true);
    assert.equal(c.unread(), 1);
    assert.equal(c.markRead(1), false);
    c.addLive(msg(5));
    assert.equal(c.unread(), 2);
  });

  it('shows no marks the peer does not share, and drops them when a view says they are no longer shared', () => {
    const c = new Conversation(bob);
    c.applyView(view({ messages: [msg(1, me)], lastSeq: 1, peerDeliveredSeq: null, peerReadSeq: null }));
    assert.equal(c.statusOf(msg(1, me)), 'sent');
    c.applyView(view({ messages: [msg(1, me)], lastSeq: 1, peerDeliveredSeq: 1, peerReadSeq: 1 }));
    assert.equal(c.statusOf(msg(1, me)), 'read');
    c.applyView(view({ messages: [msg(1, me)], lastSeq: 1, peerDeliveredSeq: 1, peerReadSeq: null }));
    assert.equal(c.statusOf(msg(1, me)), 'delivered');
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StoredMessage } from '@parley/contracts';
import { HistoryConfig } from '../config';
import { RecentMessages } from './recent-messages';

const config = (total: number, perConversation: number) =>
  ({ HISTORY_CACHE_MESSAGES: total, HISTORY_CACHE_PER_CONVERSATION: perConversation }) as HistoryConfig;

const message = (conversationId: string, seq: number) => ({ conversationId, seq }) as StoredMessage;

const held = (recent: RecentMessages, conversationId: string, upTo: number) =>
  Array.from({ length: upTo }, (_, i) => recent.get(conversationId, i + 1)?.seq ?? null);

describe('RecentMessages', () => {
  it('holds consecutive messages and ignores a replay', () => {
    const recent = new RecentMessages(config(100, 100));
    for (const seq of [1, 2, 3, 2]) recent.add(message('c', seq));
    assert.deepEqual(held(recent, 'c', 4), [1, 2, 3, null]);
    assert.equal(recent.lastSeq('c'), 3);
    assert.equal(recent.lastSeq('other'), 0);
  });

  it('starts afresh after a gap, since it only holds consecutive runs', () => {
    const recent = new RecentMessages(config(100, 100));
    for (const seq of [1, 2, 5, 6]) recent.add(message('c', seq));
    assert.deepEqual(held(recent, 'c', 6), [null, null, null, null, 5, 6]);
  });

  it('keeps the newest messages of a conversation up to its bound', () => {
    const recent = new RecentMessages(config(100, 3));
    for (let seq = 1; seq <= 5; seq++) recent.add(message('c', seq));
    assert.deepEqual(held(recent, 'c', 5), [null, null, 3, 4, 5]);
  });

  it('drops the conversation used longest ago when over the total', () => {
    const recent = new RecentMessages(config(5, 10));
    recent.add(message('a', 1));
    recent.add(message('a', 2));
    recent.add(message('b', 1));
    recent.add(message('a', 3));
    recent.add(message('c', 1));
    recent.add(message('c', 2));
    assert.equal(recent.lastSeq('b'), 0);
    assert.equal(recent.lastSeq('a'), 3);
    assert.equal(recent.lastSeq('c'), 2);
  });

  it('holds nothing when turned off', () => {
    const recent = new RecentMessages(config(0, 10));
    recent.add(message('c', 1));
    assert.equal(recent.get('c', 1), undefined);
  });
});

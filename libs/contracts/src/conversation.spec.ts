import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SHARD_COUNT, conversationId, conversationMembers, deriveMessageId, shardOf } from './conversation';

describe('conversation ids', () => {
  const a = '0b7e8a5c-1d2f-4a3b-9c4d-5e6f7a8b9c0d';
  const b = 'f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b';

  it('are the same whichever member asks, and split back into the members', () => {
    assert.equal(conversationId(a, b), conversationId(b, a));
    assert.deepEqual(conversationMembers(conversationId(b, a)), [a, b]);
  });

  it('map to a stable shard within range', () => {
    const shard = shardOf(conversationId(a, b));
    assert.ok(shard >= 0 && shard < SHARD_COUNT);
    assert.equal(shardOf(conversationId(b, a)), shard);
  });

  it('spread conversations over every shard', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) seen.add(shardOf(conversationId(a, `user-${i}`)));
    assert.equal(seen.size, SHARD_COUNT);
  });
});

describe('message ids', () => {
  it('are derived from sender and clientMsgId, so a resend keeps its id', () => {
    assert.equal(deriveMessageId('k', 'u1', 'c1'), deriveMessageId('k', 'u1', 'c1'));
    assert.notEqual(deriveMessageId('k', 'u1', 'c1'), deriveMessageId('k', 'u2', 'c1'));
    assert.notEqual(deriveMessageId('k', 'u1', 'c1'), deriveMessageId('k', 'u1', 'c2'));
    // A client that reuses its message id for another friend sends another message.
    assert.notEqual(deriveMessageId('k', 'u1', 'c1'), deriveMessageId('j', 'u1', 'c1'));
    assert.match(deriveMessageId('k', 'u1', 'c1'), /^[A-Za-z0-9_-]{22}$/);
  });
});

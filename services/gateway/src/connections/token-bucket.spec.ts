import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TokenBucket } from './token-bucket';

describe('TokenBucket', () => {
  it('allows a burst, then refuses with the wait until the next token', () => {
    const bucket = new TokenBucket(20, 50, 0);
    for (let i = 0; i < 50; i++) assert.deepEqual(bucket.take(0), { ok: true });
    assert.deepEqual(bucket.take(0), { ok: false, retryAfterMs: 50 });
  });

  it('refills at the rate, never beyond the burst', () => {
    const bucket = new TokenBucket(20, 50, 0);
    for (let i = 0; i < 50; i++) bucket.take(0);
    assert.deepEqual(bucket.take(100), { ok: true });
    assert.deepEqual(bucket.take(100), { ok: true });
    assert.equal(bucket.take(100).ok, false);
    const rested = new TokenBucket(20, 50, 0);
    let allowed = 0;
    while (rested.take(60_000).ok) allowed++;
    assert.equal(allowed, 50);
  });
});

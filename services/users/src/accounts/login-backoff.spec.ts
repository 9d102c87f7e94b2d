import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { retryAfterMs, waitAfter } from './login-backoff';

const backoff = { free: 5, baseMs: 30_000, maxMs: 900_000 };

describe('login backoff', () => {
  it('waits not at all within the free failures, then the base, doubling with each failure, up to the maximum', () => {
    const waits = [0, 4, 5, 6, 7, 9, 10, 11, 1000].map((failures) => waitAfter(failures, backoff));
    assert.deepEqual(waits, [0, 0, 30_000, 60_000, 120_000, 480_000, 900_000, 900_000, 900_000]);
  });

  it('counts the wait from the last failure, and nothing for a key never failed', () => {
    const count = { failures: 6, lastFailureAt: 1_000_000 };
    assert.equal(retryAfterMs(count, 1_000_000, backoff), 60_000);
    assert.equal(retryAfterMs(count, 1_045_000, backoff), 15_000);
    assert.equal(retryAfterMs(count, 1_060_000, backoff), 0);
    assert.equal(retryAfterMs(count, 2_000_000, backoff), 0);
    assert.equal(retryAfterMs({ failures: 4, lastFailureAt: 1_000_000 }, 1_000_000, backoff), 0);
    assert.equal(retryAfterMs(null, 1_000_000, backoff), 0);
  });
});

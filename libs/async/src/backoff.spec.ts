import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Backoff, backoffDelay } from './backoff';

describe('back-off', () => {
  const options = { baseMs: 100, maxMs: 1000 };

  it('doubles its ceiling up to the cap, reached with the highest jitter', () => {
    const high = new Backoff({ ...options, random: () => 0.999999 });
    assert.deepEqual(
      Array.from({ length: 7 }, () => high.next()),
      [100, 200, 400, 800, 1000, 1000, 1000],
    );
  });

  it('has no floor: the lowest jitter retries at once, at every step', () => {
    const low = new Backoff({ ...options, random: () => 0 });
    assert.deepEqual(
      Array.from({ length: 6 }, () => low.next()),
      [0, 0, 0, 0, 0, 0],
    );
  });

  it('spreads clients that retry at the same step over the whole window', () => {
    const delays = Array.from({ length: 200 }, () => backoffDelay(3, options));
    for (const d of delays) assert.ok(d >= 0 && d <= 800, `${d} is outside 0…800 ms`);
    assert.ok(delays.some((d) => d < 400) && delays.some((d) => d >= 400), 'both halves of the window');
  });

  it('stays at the cap for attempts far past it', () => {
    assert.equal(backoffDelay(10_000, { ...options, random: () => 0.999999 }), 1000);
    assert.equal(backoffDelay(10_000, { baseMs: 250, maxMs: 10_000, random: () => 0.5 }), 5000);
  });

  it('starts over after a reset, as after a successful connection', () => {
    const b = new Backoff({ ...options, random: () => 0.5 });
    b.next();
    b.next();
    assert.equal(b.attempts, 2);
    b.reset();
    assert.equal(b.attempts, 0);
    assert.equal(b.next(), 50);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Backoff } from './backoff';

describe('Backoff', () => {
  const options = { initialMs: 100, maxMs: 1000, factor: 2 };

  it('doubles up to the cap, with the lowest jitter giving half of each step', () => {
    const low = new Backoff({ ...options, random: () => 0 });
    assert.deepEqual(
      Array.from({ length: 7 }, () => low.next()),
      [50, 100, 200, 400, 500, 500, 500],
    );
  });

  it('never exceeds the step with the highest jitter', () => {
    const high = new Backoff({ ...options, random: () => 0.999999 });
    assert.deepEqual(
      Array.from({ length: 6 }, () => high.next()),
      [100, 200, 400, 800, 1000, 1000],
    );
  });

  it('spreads clients that retry at the same step', () => {
    const delays = new Set(Array.from({ length: 20 }, () => new Backoff(options).next()));
    assert.ok(delays.size > 1);
    for (const d of delays) assert.ok(d >= 50 && d <= 100);
  });

  it('starts over after a reset, as after a successful connection', () => {
    const b = new Backoff({ ...options, random: () => 0 });
    b.next();
    b.next();
    assert.equal(b.attempts, 2);
    b.reset();
    assert.equal(b.attempts, 0);
    assert.equal(b.next(), 50);
  });
});

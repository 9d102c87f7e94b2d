import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AbuseMeter } from './abuse-meter';
import { IN_FLIGHT_GRACE_MS } from './refusal-run';
import { TokenBucket } from './token-bucket';

/** Takes tokens at `now` until one is refused (which leaves that one owed); how many passed. */
const drain = (bucket: TokenBucket, now: number) => {
  let passed = 0;
  while (bucket.take(now) === 0) passed++;
  return passed;
};

describe('TokenBucket', () => {
  it('allows a burst, then refuses with the wait until the next token', () => {
    const bucket = new TokenBucket(20, 50, 0);
    for (let i = 0; i < 50; i++) assert.equal(bucket.take(0), 0);
    assert.equal(bucket.take(0), 50);
  });

  it('refills at the rate, never beyond the burst', () => {
    const bucket = new TokenBucket(20, 50, 0);
    drain(bucket, 0);
    assert.equal(bucket.take(100), 0);
    assert.equal(bucket.take(100), 0);
    assert.notEqual(bucket.take(100), 0);
    assert.equal(drain(new TokenBucket(20, 50, 0), 60_000), 50);
  });

  it('tells the k-th frame refused in a row to wait until tokens for all k have come in', () => {
    const bucket = new TokenBucket(20, 50, 0);
    drain(bucket, 0);
    const waits = Array.from({ length: 29 }, () => bucket.take(0));
    assert.deepEqual(
      [50, ...waits],
      Array.from({ length: 30 }, (_, k) => 50 * (k + 1)),
    );
  });

  it('lets every refused frame through when each is sent again at its time, late or not', () => {
    const bucket = new TokenBucket(20, 50, 0);
    drain(bucket, 0);
    const waits = Array.from({ length: 40 }, () => bucket.take(0));
    // Sent again in order of their waits, some a little late, two of them very late.
    const resends = waits.map((wait, i) => wait + (i % 3) * 7 + (i === 5 || i === 6 ? 900 : 0));
    for (const at of [...resends].sort((a, b) => a - b))
      assert.equal(bucket.take(at), 0, `resend at ${at} ms`);
  });

  it('owes at most a full bucket: later frames wait until it is full', () => {
    const bucket = new TokenBucket(20, 50, 0);
    drain(bucket, 0);
    const waits = Array.from({ length: 80 }, () => bucket.take(0));
    assert.equal(Math.max(...waits), 2500);
    assert.equal(waits.at(-1), 2500);
  });

  it('tells the frames refused after a full bucket is owed to come back exactly when the last owed token is due', () => {
    const bucket = new TokenBucket(20, 50, 0);
    drain(bucket, 0);
    for (let i = 0; i < 49; i++) bucket.take(i / 10);
    // A token comes in while frames are still arriving: one in flight takes it.
    assert.equal(bucket.take(60), 0);
    const later = [61, 70, 80].map((at) => at + bucket.take(at));
    assert.equal(new Set(later).size, 1, `one instant for all: ${later.join(', ')}`);
    assert.ok(later[0]! >= 2500 && later[0]! < 2502, 'when the bucket is full again');
  });

  it('forgets what it owed once every promised token has come in', () => {
    const bucket = new TokenBucket(20, 50, 0);
    drain(bucket, 0);
    for (let i = 0; i < 10; i++) bucket.take(0);
    // 11 are owed until 550 ms. Nobody came back for them; after that a refusal waits for one token only.
    for (let i = 0; i < 12; i++) assert.equal(bucket.take(600), 0);
    assert.equal(bucket.take(600), 50);
  });

  it('divides rate and burst among the gateways holding the user, and restores them', () => {
    const bucket = new TokenBucket(20, 50, 0);
    bucket.share(2, 0);
    for (let i = 0; i < 25; i++) assert.equal(bucket.take(0), 0);
    assert.equal(bucket.take(0), 100, 'a token every 100 ms at half the rate');
    bucket.share(1, 1000);
    assert.equal(drain(bucket, 1000), 10);
    assert.equal(drain(bucket, 60_000), 50);
    const tiny = new TokenBucket(1, 1, 0);
    tiny.share(4, 0);
    assert.equal(drain(tiny, 0), 1, 'never less than one frame of burst');
  });

  it('is rested once full and owing nothing', () => {
    const bucket = new TokenBucket(20, 50, 0);
    assert.equal(bucket.rested(0), true);
    drain(bucket, 0);
    bucket.take(0);
    assert.equal(bucket.rested(2000), false);
    assert.equal(bucket.rested(2500), true);
  });

  /**
   * Replays frames against a bucket: each refused one comes back after its wait plus `lag(i)`,
   * until it passes; returns how many refusals came early and when the first did.
   */
  const replay = (bucket: TokenBucket, arrivals: number[], lag: (i: number) => number) => {
    let due = arrivals;
    let early = 0;
    let firstEarly = -1;
    let round = 0;
    while (due.length > 0 && round++ < 1000) {
      const next: number[] = [];
      for (const at of [...due].sort((a, b) => a - b)) {
        const wait = bucket.take(at);
        if (wait === 0) continue;
        if (bucket.early && early++ === 0) firstEarly = at;
        next.push(at + wait + lag(next.length));
      }
      due = next;
    }
    return { early, firstEarly };
  };

  it('never finds early a client that sends each refused frame again after its retryAfterMs', () => {
    // 300 frames as fast as the wire takes them (tokens come in meanwhile, and frames still in
    // flight take them); each refused one comes back exactly when told, or a little later.
    const arrivals = Array.from({ length: 300 }, (_, i) => i / 2);
    assert.deepEqual(
      replay(new TokenBucket(20, 50, 0), arrivals, (i) => (i % 3) * 2),
      { early: 0, firstEarly: -1 },
    );
    assert.equal(replay(new TokenBucket(20, 50, 0), arrivals, (i) => (i % 7) * 150).early, 0, 'late');
  });

  it('never finds early the frames refused within the grace after the first refusal', () => {
    const bucket = new TokenBucket(20, 50, 0);
    drain(bucket, 0);
    for (let at = 0; at < IN_FLIGHT_GRACE_MS; at += 2) {
      bucket.take(at);
      assert.equal(bucket.early, false, `at ${at} ms`);
    }
  });

  it('finds early the frames of a client that goes on sending while told to wait', () => {
    const bucket = new TokenBucket(20, 50, 0);
    const meter = new AbuseMeter(30, 0);
    let closedAt = -1;
    for (let at = 0; at < 10_000 && closedAt < 0; at += 5)
      if (bucket.take(at) > 0 && bucket.early && meter.add(at)) closedAt = at;
    assert.ok(closedAt > IN_FLIGHT_GRACE_MS && closedAt < 2 * IN_FLIGHT_GRACE_MS, `closed at ${closedAt} ms`);
  });

  it('does not find early a frame sent again once the wait it was told has passed', () => {
    const bucket = new TokenBucket(20, 50, 0);
    drain(bucket, 0);
    const wait = bucket.take(0);
    drain(bucket, 3000);
    bucket.take(3000 + wait);
    assert.equal(bucket.early, false);
  });
});

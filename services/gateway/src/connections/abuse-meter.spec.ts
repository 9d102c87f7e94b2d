import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AbuseMeter } from './abuse-meter';

describe('AbuseMeter', () => {
  it('says so once there were more than the limit in a minute, and starts afresh in the next', () => {
    const meter = new AbuseMeter(3, 0);
    assert.deepEqual(
      [1, 2, 3, 4].map((s) => meter.add(s * 1000)),
      [false, false, false, true],
    );
    const fresh = new AbuseMeter(3, 0);
    for (const s of [1, 2, 3]) fresh.add(s * 1000);
    assert.equal(fresh.add(62_000), false);
  });
});

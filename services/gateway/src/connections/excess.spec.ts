import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { excessHere } from './excess';

describe('excessHere', () => {
  it('closes nothing at or under the cap', () => {
    assert.equal(excessHere({ a: 4, b: 6 }, 'a', 4, 10), 0);
    assert.equal(excessHere({ a: 4, b: 6 }, 'b', 6, 10), 0);
    assert.equal(excessHere({}, 'a', 10, 10), 0);
  });

  it('splits the excess so that the gateways together close exactly it, the last id first', () => {
    const counts = { gw0: 6, gw1: 6 };
    assert.deepEqual([excessHere(counts, 'gw0', 6, 10), excessHere(counts, 'gw1', 6, 10)], [0, 2]);
    const three = { a: 5, b: 4, c: 3 };
    const split = ['a', 'b', 'c'].map((g) => excessHere(three, g, three[g as 'a'], 4));
    assert.deepEqual(split, [1, 4, 3]);
    assert.equal(
      split.reduce((a, b) => a + b),
      5 + 4 + 3 - 4,
    );
  });

  it('takes its own count as it is now, not as it was announced', () => {
    // gw1 has grown to 6 since it reported 3; gw0 still holds 6.
    assert.equal(excessHere({ gw0: 6, gw1: 3 }, 'gw1', 6, 10), 2);
    // gw1 has already closed 2 since the announcement that showed 12.
    assert.equal(excessHere({ gw0: 6, gw1: 6 }, 'gw1', 4, 10), 0);
  });

  it('never closes more than it holds', () => {
    assert.equal(excessHere({ a: 1, b: 30 }, 'b', 30, 10), 21);
    assert.equal(excessHere({ a: 1, b: 30 }, 'a', 1, 10), 0);
    assert.equal(excessHere({ a: 30, z: 2 }, 'z', 2, 10), 2);
    assert.equal(excessHere({ a: 30, z: 2 }, 'a', 30, 10), 20);
  });
});

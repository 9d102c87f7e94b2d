import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findLastSeq } from './sequence-finder';

describe('findLastSeq', () => {
  for (const last of [0, 1, 2, 3, 7, 8, 9, 100, 1023, 1024, 1025, 54321]) {
    it(`finds ${last} in O(log n) lookups`, async () => {
      let lookups = 0;
      const found = await findLastSeq(async (seq) => {
        lookups++;
        return seq <= last;
      });
      assert.equal(found, last);
      assert.ok(lookups <= 2 * Math.log2(last + 2) + 2, `${lookups} lookups for ${last}`);
    });
  }

  for (const [known, last] of [
    [0, 0],
    [5, 5],
    [5, 6],
    [10, 1010],
    [1000, 1001],
  ] as const) {
    it(`starts from a known seq ${known} and finds ${last} in O(log(last - known)) lookups`, async () => {
      let lookups = 0;
      const found = await findLastSeq(async (seq) => {
        lookups++;
        return seq <= last;
      }, known);
      assert.equal(found, last);
      assert.ok(
        lookups <= 2 * Math.log2(last - known + 2) + 2,
        `${lookups} lookups from ${known} to ${last}`,
      );
    });
  }
});

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
});

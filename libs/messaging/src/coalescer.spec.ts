import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Coalescer } from './coalescer';

describe('Coalescer', () => {
  it('puts what is added in one turn into one batch per key, in order', async () => {
    const flushed: [string, number[]][] = [];
    const coalescer = new Coalescer<string, number>(100, async (key, items) => {
      flushed.push([key, items]);
    });
    await Promise.all([coalescer.add('a', 1), coalescer.add('b', 2), coalescer.add('a', 3)]);
    assert.deepEqual(flushed, [
      ['a', [1, 3]],
      ['b', [2]],
    ]);
    await coalescer.add('a', 4);
    assert.deepEqual(flushed.at(-1), ['a', [4]]);
  });

  it('closes a batch as soon as it is full', async () => {
    const sizes: number[] = [];
    const coalescer = new Coalescer<number, number>(2, async (_, items) => {
      sizes.push(items.length);
    });
    await Promise.all([1, 2, 3, 4, 5].map((n) => coalescer.add(0, n)));
    assert.deepEqual(sizes, [2, 2, 1]);
  });

  it("rejects every add of a batch whose flush failed, and only that batch's", async () => {
    const coalescer = new Coalescer<string, number>(10, async (key) => {
      if (key === 'bad') throw new Error('broker gone');
    });
    const results = await Promise.allSettled([
      coalescer.add('bad', 1),
      coalescer.add('bad', 2),
      coalescer.add('good', 3),
    ]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['rejected', 'rejected', 'fulfilled'],
    );
    assert.equal((results[0] as PromiseRejectedResult).reason.message, 'broker gone');
  });

  describe('one at a time', () => {
    it('gathers what is added during a flush into the next batch, flushed when the first settles', async () => {
      const flushed: number[][] = [];
      let release!: () => void;
      const first = new Promise<void>((resolve) => (release = resolve));
      const coalescer = new Coalescer<0, number>(
        100,
        async (_, items) => {
          flushed.push(items);
          if (flushed.length === 1) await first;
        },
        { oneAtATime: true },
      );
      const one = coalescer.add(0, 1);
      await new Promise((resolve) => setImmediate(resolve));
      const later = [coalescer.add(0, 2), coalescer.add(0, 3)];
      await new Promise((resolve) => setTimeout(resolve, 10));
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(flushed, [[1]], 'nothing else is flushed while the first flush runs');
      release();
      await Promise.all([one, ...later]);
      assert.deepEqual(flushed, [[1], [2, 3]]);
    });

    it('keeps batches within maxItems and in order while a flush runs', async () => {
      const flushed: number[][] = [];
      let running = 0;
      let overlapped = false;
      const coalescer = new Coalescer<0, number>(
        2,
        async (_, items) => {
          overlapped ||= running > 0;
          running++;
          flushed.push(items);
          await new Promise((resolve) => setTimeout(resolve, 2));
          running--;
        },
        { oneAtATime: true },
      );
      await Promise.all([1, 2, 3, 4, 5].map((n) => coalescer.add(0, n)));
      assert.deepEqual(flushed, [[1, 2], [3, 4], [5]]);
      assert.equal(overlapped, false);
    });

    it('goes on after a failed flush', async () => {
      const coalescer = new Coalescer<0, number>(
        10,
        async (_, items) => {
          if (items.includes(1)) throw new Error('database gone');
        },
        { oneAtATime: true },
      );
      await assert.rejects(coalescer.add(0, 1), /database gone/);
      await coalescer.add(0, 2);
    });
  });
});

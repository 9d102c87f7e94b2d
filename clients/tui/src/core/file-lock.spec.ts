import assert from 'node:assert/strict';
import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pause } from '@parley/testing';
import { withFileLock } from './file-lock';

describe('withFileLock', () => {
  let dir: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'parley-lock-'));
  });

  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('lets one holder in at a time, and the next in once it is done', async () => {
    const lock = join(dir, 'one.lock');
    let inside = 0;
    let most = 0;
    const order: number[] = [];
    await Promise.all(
      [1, 2, 3].map((n) =>
        withFileLock(lock, async () => {
          most = Math.max(most, ++inside);
          await pause(30);
          order.push(n);
          inside--;
        }),
      ),
    );
    assert.equal(most, 1);
    assert.deepEqual([...order].sort(), [1, 2, 3]);
  });

  it('gives the lock back when the work fails', async () => {
    const lock = join(dir, 'failing.lock');
    await assert.rejects(
      withFileLock(lock, () => Promise.reject(new Error('no'))),
      /no/,
    );
    assert.equal(await withFileLock(lock, () => Promise.resolve('again')), 'again');
  });

  it('takes over a lock left by a run that died holding it', async () => {
    const lock = join(dir, 'stale.lock');
    await writeFile(lock, '99999');
    const longAgo = new Date(Date.now() - 60_000);
    await utimes(lock, longAgo, longAgo);
    assert.equal(await withFileLock(lock, () => Promise.resolve('taken')), 'taken');
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sleep } from './sleep';

describe('sleep', () => {
  it('resolves after about the time asked, kept alive when told to', async () => {
    const start = Date.now();
    await sleep(30, { unref: false });
    assert.ok(Date.now() - start >= 25);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

describe('the gateway app', () => {
  it('loads without the database driver: the gateway stores nothing', async () => {
    await import('./app.module');
    const driver = Object.keys(require.cache).find((path) => path.includes('/node_modules/mongoose/'));
    assert.equal(driver, undefined, `the gateway's app module loads mongoose (${driver})`);
  });
});

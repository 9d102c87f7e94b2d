import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ParleyError } from '@parley/contracts';
import { Metrics } from '@parley/platform';
import { LoginMetrics } from './login-metrics';

describe('LoginMetrics', () => {
  it('counts each login by how it ended and passes on its answer or error', async () => {
    const metrics = new Metrics('users');
    const logins = new LoginMetrics(metrics);
    assert.equal(await logins.counted(Promise.resolve('session')), 'session');
    const refused = new ParleyError('INVALID_CREDENTIALS', 'wrong username or password');
    await assert.rejects(logins.counted(Promise.reject(refused)), (error) => error === refused);
    await assert.rejects(logins.counted(Promise.reject(new Error('database gone'))), /database gone/);
    const text = await metrics.exposition();
    for (const outcome of ['ok', 'INVALID_CREDENTIALS', 'INTERNAL'])
      assert.match(
        text,
        new RegExp(`^parley_logins_total\\{outcome="${outcome}",service="users"\\} 1$`, 'm'),
      );
  });
});

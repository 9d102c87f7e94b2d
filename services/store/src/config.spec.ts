import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '@parley/platform';
import { StoreConfig } from './config';

const env = { RABBITMQ_URL: 'amqp://127.0.0.1' };

describe('StoreConfig', () => {
  it('takes the database it stores in from MONGO_URL', () => {
    const config = loadConfig(StoreConfig, { ...env, MONGO_URL: 'mongodb://127.0.0.1:27017/parley' });
    assert.equal(config.MONGO_URL, 'mongodb://127.0.0.1:27017/parley');
  });

  it('refuses to start without it, or with one that names no database', () => {
    for (const [MONGO_URL, problem] of [
      [undefined, 'MONGO_URL is required but not set'],
      ['mongodb://127.0.0.1:27017', 'MONGO_URL must be a mongodb:// URL that names a database'],
    ] as const)
      assert.throws(
        () => loadConfig(StoreConfig, { ...env, MONGO_URL }),
        (error: unknown) => error instanceof ConfigError && error.problems.includes(problem),
      );
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '@parley/platform';
import { GatewayConfig } from './config';

const env = { RABBITMQ_URL: 'amqp://127.0.0.1', JWT_SECRET: 'x'.repeat(32) };

describe('GatewayConfig', () => {
  it('needs no MONGO_URL: the gateway stores nothing', () => {
    const config = loadConfig(GatewayConfig, env);
    assert.equal(config.RABBITMQ_URL, env.RABBITMQ_URL);
    assert.ok(!('MONGO_URL' in config));
  });

  it('ignores a MONGO_URL it is given', () => {
    assert.ok(!('MONGO_URL' in loadConfig(GatewayConfig, { ...env, MONGO_URL: 'not even a URL' })));
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  ServiceName,
  ServiceProcess,
  TEST_JWT_SECRET,
  TestNamespace,
  createNamespace,
} from '@parley/testing';

const SERVICES: ServiceName[] = ['users', 'store', 'history', 'gateway'];

/** Each service as a real process: healthy against real infrastructure, clean on SIGTERM, loud when misconfigured. */
describe('service lifecycle', () => {
  let ns: TestNamespace;
  /** The gateway stores nothing and is given no MONGO_URL; the others are. */
  const env = (name: ServiceName) => ({
    RABBITMQ_URL: ns.rabbitUrl,
    JWT_SECRET: TEST_JWT_SECRET,
    ...(name === 'gateway' ? {} : { MONGO_URL: ns.mongoUrl }),
  });

  before(async () => {
    ns = await createNamespace('lifecycle');
  });
  after(() => ns?.dispose());

  for (const name of SERVICES) {
    it(`${name} starts, reports healthy and exits 0 on SIGTERM`, async () => {
      const service = await ServiceProcess.start(name, env(name));
      const { status, body } = await service.health();
      assert.equal(status, 200);
      assert.equal((body as { status: string }).status, 'ok');
      const exit = await service.kill('SIGTERM');
      assert.deepEqual(exit, { code: 0, signal: null });
      assert.ok(service.logs.some((l) => /"msg":"stopped"/.test(l)));
    });

    it(`${name} refuses to start without its configuration, naming each variable`, async () => {
      const service = await ServiceProcess.start(
        name,
        { RABBITMQ_URL: 'http://wrong', JWT_SECRET: TEST_JWT_SECRET },
        { waitHealthy: false },
      );
      const exit = await service.wait();
      assert.equal(exit.code, 1);
      const line = service.logs.find((l) => l.includes('cannot start')) ?? '';
      if (name === 'gateway') assert.doesNotMatch(line, /MONGO_URL/);
      else assert.match(line, /MONGO_URL is required/);
      assert.match(line, /RABBITMQ_URL must be an amqp/);
    });
  }

  for (const [what, override, pattern] of [
    [
      'RabbitMQ',
      { RABBITMQ_URL: 'amqp://guest:guest@127.0.0.1:1' },
      /cannot reach RabbitMQ at amqp:\/\/127\.0\.0\.1:1/,
    ],
    [
      'MongoDB',
      { MONGO_URL: 'mongodb://127.0.0.1:1/parley' },
      /cannot reach MongoDB at mongodb:\/\/127\.0\.0\.1:1/,
    ],
  ] as const) {
    it(`store keeps retrying an unreachable ${what}, says so, and reports unhealthy`, async () => {
      const service = await ServiceProcess.start(
        'store',
        { ...env('store'), ...override },
        { waitHealthy: false },
      );
      try {
        await service.waitForLog(pattern, 20_000);
        await service.waitForLog(/retrying/, 20_000);
        const { status, body } = await service.health();
        assert.equal(status, 503);
        assert.match(JSON.stringify(body), pattern);
        assert.equal(service.child.exitCode, null, 'still running');
        assert.ok(!service.logs.some((l) => /password|guest:guest/.test(l)), 'no credentials in logs');
      } finally {
        await service.kill('SIGTERM');
      }
    });
  }
});

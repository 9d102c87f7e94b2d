import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ServiceProcess, TEST_JWT_SECRET, TestClient, TestSystem } from '@parley/testing';

const checksOf = (body: unknown) => Object.keys((body as { details: Record<string, unknown> }).details);

/** The gateway stores nothing: it runs with no MONGO_URL at all, and only the services that store report a database. */
describe('a gateway without a database', () => {
  let system: TestSystem;
  let gateway: ServiceProcess;
  let ann: TestClient;
  let ben: TestClient;

  before(async () => {
    system = await TestSystem.start('gateway-without-database', { gateways: 0 });
    gateway = await ServiceProcess.start('gateway', {
      RABBITMQ_URL: system.ns.rabbitUrl,
      JWT_SECRET: TEST_JWT_SECRET,
      LOG_LEVEL: 'warn',
    });
  });

  after(async () => {
    ann?.close();
    ben?.close();
    await gateway?.kill('SIGTERM');
    await system?.stop();
  });

  it('starts healthy and checks no database; the services that store do', async () => {
    const { status, body } = await gateway.health();
    assert.equal(status, 200);
    assert.ok(!checksOf(body).includes('database'), JSON.stringify(body));
    for (const name of ['users', 'store', 'history']) {
      const stored = await system.service(name).health();
      assert.equal(stored.status, 200);
      assert.ok(checksOf(stored.body).includes('database'), `${name}: ${JSON.stringify(stored.body)}`);
    }
  });

  it('logs two people in and carries a message between them', async () => {
    ann = await TestClient.online(gateway.url, 'ann');
    ben = await TestClient.online(gateway.url, 'ben');
    await TestClient.befriend(ann, ben);
    const message = await ann.deliver(ben, 'hello without a database here');
    assert.equal(message.text, 'hello without a database here');
    assert.equal(message.from, ann.userId);
    const again = await TestClient.login(gateway.url, 'ann');
    assert.equal(again.userId, ann.userId);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestClient, TestSystem, eventually, pause, restartDatabase, restartRabbitMq } from '@parley/testing';
import { Traffic, totalOf } from '../src/traffic';

const PAIRS = 6;
/**
 * One fault at a time under a steady stream between many pairs. After each: every acked message
 * stored exactly once, in a gap-free order, delivered to its recipient; and the time until the
 * system delivers a new message again, which is reported, not asserted.
 */
describe('faults under load', () => {
  let system: TestSystem;
  const pairs: [TestClient, TestClient][] = [];
  const recoveries: Record<string, number> = {};
  const gateways = () =>
    [...system.services.keys()].filter((k) => k.startsWith('gateway')).map((k) => system.service(k).url);

  before(async () => {
    system = await TestSystem.start('faults', {
      gateways: 2,
      extraEnv: { RATE_PER_SECOND: '1000', RATE_BURST: '1000' },
    });
    for (let i = 0; i < PAIRS; i++) {
      const a = await TestClient.online(system.gatewayUrl(i % 2), `ann${i}`);
      const b = await TestClient.online(system.gatewayUrl((i + 1) % 2), `ben${i}`);
      await TestClient.befriend(a, b);
      pairs.push([a, b]);
    }
  });

  after(async () => {
    console.log(
      `recovery (ms from the fault until a new message is delivered): ${JSON.stringify(recoveries)}`,
    );
    for (const client of pairs.flat()) client.close();
    await system?.stop();
  });

  async function underLoad(name: string, fault: () => Promise<void>): Promise<void> {
    const traffic = new Traffic(pairs, gateways);
    traffic.start();
    await pause(1500);
    const injected = performance.now();
    await fault();
    recoveries[name] = await traffic.probe(injected);
    await pause(1500);
    await traffic.stop();
    const reports = await traffic.verify();
    const total = totalOf(reports);
    console.log(`fault ${name}: ${JSON.stringify({ ...total, recoveryMs: recoveries[name] })}`);
    const missing = reports.flatMap((r) => r.missing);
    if (missing.length > 0) {
      console.log(
        `missing from history: ${JSON.stringify(missing)}; history last seqs: ${JSON.stringify(reports.map((r) => r.stored))}`,
      );
      console.log(system.service('store').logs.slice(-30).join('\n'));
    }
    assert.ok(total.acked > 0, 'messages flowed');
    assert.deepEqual(
      { lost: total.lost, duplicated: total.duplicated, undelivered: total.undelivered, gaps: total.gaps },
      { lost: 0, duplicated: 0, undelivered: 0, gaps: 0 },
    );
  }

  const killAndRestart = (key: string) => async () => {
    const service = system.service(key);
    await service.kill('SIGKILL');
    await pause(500);
    await system.startService(service.name, key, key.startsWith('gateway') ? { GATEWAY_ID: `${key}r` } : {});
  };

  it('store killed with SIGKILL and restarted', () => underLoad('store', killAndRestart('store')));
  it('history killed with SIGKILL and restarted', () => underLoad('history', killAndRestart('history')));
  it('one of two gateways killed: its clients reconnect to the other', () =>
    underLoad('gateway', killAndRestart('gateway0')));
  it('users killed with SIGKILL and restarted', () => underLoad('users', killAndRestart('users')));
  it('RabbitMQ restarted', () => underLoad('rabbitmq', restartRabbitMq));
  // The clients keep sending while the database is down, so batches are in flight as it goes and
  // are retried, split or requeued once it is back.
  it('database restarted', () => underLoad('database', restartDatabase));

  it('a half-open client is ended by the heartbeat, and presence follows', async () => {
    const [ann, ben] = pairs[0]!;
    // Earlier faults may have dropped them; presence flows from the welcome on, with no request.
    const traffic = new Traffic(pairs, gateways);
    await Promise.all([traffic.reconnect(ann), traffic.reconnect(ben)]);
    const onlineOf = (list: { contacts: { userId: string; presence: { online: boolean } | null }[] }) =>
      list.contacts.find((c) => c.userId === ben.userId)?.presence?.online;
    // Connected through the faults before, or again since: either way online to a friend, whom
    // presence would otherwise never tell when they go.
    const before = await eventually(
      () => ann.request('contacts.list', {}),
      (l) => onlineOf(l) === true,
      15_000,
    );
    assert.equal(onlineOf(before), true, 'a friend connected through the faults is online');
    const watchFrom = ann.events.length;
    ben.freeze();
    const offline = await ann
      .waitFor((e) => e.event === 'presence' && e.userId === ben.userId && !e.online, 30_000, watchFrom)
      .catch((error: Error) => {
        for (const key of system.services.keys())
          if (key === 'users' || key.startsWith('gateway'))
            console.log(`${key}:\n${system.service(key).logs.slice(-20).join('\n')}`);
        throw error;
      });
    assert.ok(offline.event === 'presence' && offline.lastSeen !== null);
    const list = await eventually(
      () => ann.request('contacts.list', {}),
      (l) => onlineOf(l) === false,
    );
    assert.equal(onlineOf(list), false);
    ben.drop();
  });
});

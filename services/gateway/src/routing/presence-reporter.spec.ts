import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PresenceReported } from '@parley/contracts';
import { createLogger } from '@parley/platform';
import { InMemoryBus, pause, waitUntil } from '@parley/testing';
import { ClientConnection } from '../connections/client-connection';
import { ConnectionRegistry } from '../connections/connection-registry';
import { GatewayConfig } from '../config';
import { PresenceReporter } from './presence-reporter';

const ANN = '0b7e8a5c-1d2f-4a3b-9c4d-5e6f7a8b9c0d';
const BEN = 'f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b';
const LEFT = '3c1a9e2b-7d4f-4c6a-8b1e-2f3a4b5c6d7e';
const BACK = '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d';

/** The reports published, one batch per event. */
const reportsOn = (bus: InMemoryBus) => bus.dataOf(PresenceReported).map((event) => event.reports);

const reporterOn = (bus: InMemoryBus, registry: ConnectionRegistry) =>
  new PresenceReporter(
    registry,
    bus,
    { GATEWAY_ID: 'gw-test', HEARTBEAT_MS: 20 } as GatewayConfig,
    createLogger('test', 'silent'),
  );

describe('PresenceReporter', () => {
  it("reports each user's connections here once per turn, as they are at its end", async () => {
    const broker = new InMemoryBus();
    const registry = new ConnectionRegistry();
    const reporter = reporterOn(broker, registry);
    const ann = { userId: ANN } as ClientConnection;
    const annToo = { userId: ANN } as ClientConnection;
    registry.add(ann);
    const first = reporter.report(ANN);
    registry.add(annToo);
    const second = reporter.report(ANN);
    registry.add({ userId: BEN } as ClientConnection);
    void reporter.report(BEN);
    registry.remove(ann);
    await Promise.all([first, second, reporter.report(ANN)]);
    assert.deepEqual(
      reportsOn(broker).map((batch) =>
        batch.map(({ userId, online, connections }) => ({ userId, online, connections })),
      ),
      [
        [
          { userId: ANN, online: true, connections: 1 },
          { userId: BEN, online: true, connections: 1 },
        ],
      ],
    );
    registry.remove(annToo);
    await reporter.report(ANN);
    assert.deepEqual(
      reportsOn(broker)[1]?.map((r) => [r.userId, r.online, r.connections]),
      [[ANN, false, 0]],
    );
  });

  it('reports again, as they are now, the users whose report the broker did not take', async () => {
    const broker = new InMemoryBus();
    const registry = new ConnectionRegistry();
    const reporter = reporterOn(broker, registry);
    reporter.onModuleInit();
    try {
      broker.unavailable = true;
      await Promise.all([reporter.report(LEFT, 0), reporter.report(BACK, 0)]);
      registry.add({ userId: BACK } as ClientConnection);
      broker.unavailable = false;
      await waitUntil(() => reportsOn(broker).flat().length >= 2, {
        timeoutMs: 1000,
        what: 'both reports published',
        everyMs: 5,
      });
      const latest = new Map(
        reportsOn(broker)
          .flat()
          .map((r) => [r.userId, r.online]),
      );
      assert.deepEqual(Object.fromEntries(latest), { [LEFT]: false, [BACK]: true });
    } finally {
      reporter.onModuleDestroy();
    }
  });

  it('reports everyone connected here again once its heartbeat goes through after one that did not', async () => {
    // The users service forgets a gateway it has not heard from, with all its users: those still
    // connected here must be reported again, or their friends would see them offline until they reconnect.
    const broker = new InMemoryBus();
    const registry = new ConnectionRegistry();
    const reporter = reporterOn(broker, registry);
    registry.add({ userId: ANN } as ClientConnection);
    await reporter.report(ANN);
    reporter.onModuleInit();
    try {
      broker.unavailable = true;
      await pause(100);
      const before = reportsOn(broker).length;
      broker.unavailable = false;
      await waitUntil(() => reportsOn(broker).length > before, {
        timeoutMs: 1000,
        what: 'a report after the outage',
        everyMs: 5,
      });
      assert.deepEqual(
        reportsOn(broker)
          .slice(before)
          .flat()
          .map((r) => [r.userId, r.online, r.connections]),
        [[ANN, true, 1]],
      );
    } finally {
      reporter.onModuleDestroy();
    }
  });
});

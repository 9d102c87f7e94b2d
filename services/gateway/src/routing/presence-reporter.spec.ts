import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Envelope, EventData, PresenceReported } from '@parley/contracts';
import { Publisher } from '@parley/messaging';
import { createLogger } from '@parley/platform';
import { waitUntil } from '@parley/testing';
import { ClientConnection } from '../connections/client-connection';
import { ConnectionRegistry } from '../connections/connection-registry';
import { GatewayConfig } from '../config';
import { PresenceReporter } from './presence-reporter';

type Reports = EventData<typeof PresenceReported>['reports'];

/** A broker that refuses what is published while `down`, and keeps what it took. */
class FlakyBroker {
  down = false;
  readonly reports: Reports[] = [];

  async publish(_: string, event: Envelope<unknown>): Promise<void> {
    if (this.down) throw new Error('the message broker is unavailable; try again shortly');
    if (event.type === PresenceReported.type)
      this.reports.push((event.data as EventData<typeof PresenceReported>).reports);
  }
}

const reporterOn = (broker: FlakyBroker, registry: ConnectionRegistry) =>
  new PresenceReporter(
    registry,
    broker as unknown as Publisher,
    { GATEWAY_ID: 'gw-test', HEARTBEAT_MS: 20 } as GatewayConfig,
    createLogger('test', 'silent'),
  );

describe('PresenceReporter', () => {
  it("reports each user's connections here once per turn, as they are at its end", async () => {
    const broker = new FlakyBroker();
    const registry = new ConnectionRegistry();
    const reporter = reporterOn(broker, registry);
    const ann = { userId: 'ann' } as ClientConnection;
    const annToo = { userId: 'ann' } as ClientConnection;
    registry.add(ann);
    const first = reporter.report('ann');
    registry.add(annToo);
    const second = reporter.report('ann');
    registry.add({ userId: 'ben' } as ClientConnection);
    void reporter.report('ben');
    registry.remove(ann);
    await Promise.all([first, second, reporter.report('ann')]);
    assert.deepEqual(
      broker.reports.map((batch) =>
        batch.map(({ userId, online, connections }) => ({ userId, online, connections })),
      ),
      [
        [
          { userId: 'ann', online: true, connections: 1 },
          { userId: 'ben', online: true, connections: 1 },
        ],
      ],
    );
    registry.remove(annToo);
    await reporter.report('ann');
    assert.deepEqual(
      broker.reports[1]?.map((r) => [r.userId, r.online, r.connections]),
      [['ann', false, 0]],
    );
  });

  it('reports again, as they are now, the users whose report the broker did not take', async () => {
    const broker = new FlakyBroker();
    const registry = new ConnectionRegistry();
    const reporter = reporterOn(broker, registry);
    reporter.onModuleInit();
    try {
      broker.down = true;
      await Promise.all([reporter.report('left', 0), reporter.report('came-back', 0)]);
      registry.add({ userId: 'came-back' } as ClientConnection);
      broker.down = false;
      await waitUntil(() => broker.reports.flat().length >= 2, {
        timeoutMs: 1000,
        what: 'both reports published',
        everyMs: 5,
      });
      const latest = new Map(broker.reports.flat().map((r) => [r.userId, r.online]));
      assert.deepEqual(Object.fromEntries(latest), { left: false, 'came-back': true });
    } finally {
      reporter.onModuleDestroy();
    }
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Envelope, EventData, PresenceReported } from '@parley/contracts';
import { Publisher } from '@parley/messaging';
import { createLogger } from '@parley/platform';
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

const until = async (condition: () => boolean) => {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
  assert.ok(condition(), 'condition not met within 1 s');
};

describe('PresenceReporter', () => {
  it('reports again, as they are now, the users whose report the broker did not take', async () => {
    const broker = new FlakyBroker();
    const registry = new ConnectionRegistry();
    const config = { GATEWAY_ID: 'gw-test', HEARTBEAT_MS: 20 } as GatewayConfig;
    const reporter = new PresenceReporter(
      registry,
      broker as unknown as Publisher,
      config,
      createLogger('test', 'silent'),
    );
    reporter.onModuleInit();
    try {
      broker.down = true;
      await Promise.all([reporter.report('left', false), reporter.report('came-back', false)]);
      registry.add({ userId: 'came-back' } as ClientConnection);
      broker.down = false;
      await until(() => broker.reports.flat().length >= 2);
      const latest = new Map(broker.reports.flat().map((r) => [r.userId, r.online]));
      assert.deepEqual(Object.fromEntries(latest), { left: false, 'came-back': true });
    } finally {
      reporter.onModuleDestroy();
    }
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { QUEUES, StoredMessage, conversationId, shardOf } from '@parley/contracts';
import {
  ChannelSelector,
  ServiceProcess,
  TestClient,
  TestSystem,
  closeChannel,
  connectionsNamed,
  deleteQueue,
  pause,
  waitUntil,
} from '@parley/testing';
import { Traffic, totalOf } from '../src/traffic';

const PAIRS = 4;
/**
 * From the broker closing the channel until the kind works again and /health answers 200. Measured
 * on a loaded 2-core machine, every kind worked again 0.07–0.4 s after its channel closed (1.3 s
 * when its queue was deleted, the deletion itself taking most of it): one wait of at least 100 ms
 * before the channel is reopened, then the setup. The bound leaves room for a few more back-off
 * steps; a process restart also fits in it, which the check that the connection is the same one
 * rules out.
 */
const RECOVERY_BOUND_MS = 5000;
/**
 * How often /health is asked. A channel stays down for at least the 100 ms its supervisor waits
 * before reopening it, so at least one ask falls in the gap.
 */
const HEALTH_EVERY_MS = 20;
/** One attempt at what the kind does: a message, a receipt or a call, each with its own timeout. */
const ATTEMPT_MS = 2000;

interface HealthSample {
  at: number;
  status: number;
  body: string;
}

/** Asks a service's /health every HEALTH_EVERY_MS until stopped; a refused or failed ask is status 0. */
function watchHealth(service: ServiceProcess) {
  const samples: HealthSample[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const answer = await service.health().catch((error: Error) => ({ status: 0, body: error.message }));
      samples.push({ at: Date.now(), status: answer.status, body: JSON.stringify(answer.body) });
      await pause(HEALTH_EVERY_MS);
    }
  })();
  return {
    samples,
    latest: () => samples.at(-1),
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

interface ChannelKind {
  /** The key of the process in the TestSystem. */
  service: string;
  /** The fault: the broker closes one channel (default), or deletes the queue under its consumer. */
  fault: { close: () => ChannelSelector } | { deleteQueue: () => string };
  /** One attempt at what the kind is for; throws if it does not work (yet). */
  works: () => Promise<void>;
  /** Whether the attempt also runs as a steady load during the fault (the RPC kinds). */
  asLoad?: boolean;
}

/**
 * One channel of a process closed by the broker, the process's connection left open: each kind of
 * channel must be reopened in place. While messages flow between pairs, the broker closes the one
 * channel (see closeChannel); then the process must keep the same connection, say in /health that
 * the channel is gone while it is, work again within RECOVERY_BOUND_MS, and lose or duplicate no
 * acked message.
 */
describe('one channel closed by the broker, the connection kept', () => {
  let system: TestSystem;
  const pairs: [TestClient, TestClient][] = [];
  const measured: Record<string, unknown> = {};
  let restarts = 0;
  const gateways = () => [system.gatewayUrl(0)];
  const gatewayId = () => (restarts === 0 ? 'gw0' : `gw0r${restarts}`);

  before(async () => {
    system = await TestSystem.start('channel-close', {
      extraEnv: { RATE_PER_SECOND: '1000', RATE_BURST: '1000' },
    });
    for (let i = 0; i < PAIRS; i++) {
      const a = await TestClient.online(system.gatewayUrl(), `ann${i}`);
      const b = await TestClient.online(system.gatewayUrl(), `ben${i}`);
      await TestClient.befriend(a, b);
      pairs.push([a, b]);
    }
  });

  after(async () => {
    console.log(`channel close, measured per kind: ${JSON.stringify(measured, null, 1)}`);
    for (const client of pairs.flat()) client.close();
    await system?.stop();
  });

  const probePair = () => pairs[0]!;
  const probeShard = () => shardOf(conversationId(probePair()[0].userId, probePair()[1].userId));
  let probes = 0;

  /** A message from ann0 to ben0 (whose conversation is on probeShard) arrives live; resolves with it. */
  async function liveMessage(): Promise<StoredMessage> {
    const [ann, ben] = probePair();
    const from = ben.events.length;
    const ack = await ann.request(
      'message.send',
      { clientMsgId: `probe-${probes++}`, to: ben.userId, text: 'probe' },
      ATTEMPT_MS,
    );
    const event = await ben.waitFor(
      (e) => e.event === 'message' && e.message.messageId === ack.messageId,
      ATTEMPT_MS,
      from,
    );
    if (event.event !== 'message') throw new Error('not a message');
    return event.message;
  }

  const messageFlows = async () => void (await liveMessage());

  /** ben0 reads a new message and ann0 hears of it: the receipt goes through history's shard consumer. */
  async function receiptFlows(): Promise<void> {
    const [ann, ben] = probePair();
    const message = await liveMessage();
    const from = ann.events.length;
    await ben.request('receipt', { kind: 'read', peer: ann.userId, upToSeq: message.seq }, ATTEMPT_MS);
    await ann.waitFor(
      (e) => e.event === 'receipt' && e.reader === ben.userId && e.upToSeq >= message.seq,
      ATTEMPT_MS,
      from,
    );
  }

  /** A page of history: the gateway's RPC client asks the history service's RPC server. */
  async function historyAnswers(): Promise<void> {
    const [ann, ben] = probePair();
    await ann.request('conversation.page', { peer: ben.userId, afterSeq: 0, limit: 1 }, ATTEMPT_MS);
  }

  /** A search: the gateway's RPC client asks the users service's RPC server. */
  const usersAnswer = async () =>
    void (await probePair()[0].request('users.search', { query: 'ben0' }, ATTEMPT_MS));

  /** A fresh process where the kind did not recover, so that one kind's failure does not spill into the next. */
  async function restart(key: string): Promise<void> {
    const service = system.service(key);
    await service.kill('SIGKILL');
    if (key.startsWith('gateway')) {
      restarts++;
      await system.startService('gateway', key, { GATEWAY_ID: gatewayId() });
    } else await system.startService(service.name, key);
  }

  async function channelClosed(name: string, kind: ChannelKind): Promise<void> {
    const service = system.service(kind.service);
    const connectionName = `parley-${service.name}`;
    const vhost = system.ns.name;
    const traffic = new Traffic(pairs, gateways);
    for (const client of probePair()) await traffic.reconnect(client);
    await service.waitHealthy();
    // The management API lists a connection a moment after it opens.
    const connectionBefore = await waitUntil(
      async () => {
        const named = await connectionsNamed(vhost, connectionName);
        return named.length === 1 && named;
      },
      { timeoutMs: 15_000, what: `one connection named ${connectionName}` },
    );
    const problems: string[] = [];
    const load = { ok: 0, failed: 0 };
    let loading = kind.asLoad ?? false;
    const loadLoop = (async () => {
      while (loading) {
        await kind.works().then(
          () => load.ok++,
          () => load.failed++,
        );
        await pause(50);
      }
    })();
    traffic.start();
    let recoveredAt: number | null = null;
    let closedAt = 0;
    let lastLogs: string[] = [];
    try {
      await pause(1000);
      const health = watchHealth(service);
      await pause(200);
      if ('close' in kind.fault)
        ({ closedAt } = await closeChannel(vhost, connectionName, kind.fault.close()));
      else {
        closedAt = Date.now();
        await deleteQueue(vhost, kind.fault.deleteQueue());
      }
      try {
        await waitUntil(
          async () =>
            health.latest()?.status === 200 &&
            health.latest()!.at > closedAt &&
            (await kind.works().then(
              () => true,
              () => false,
            )),
          { timeoutMs: RECOVERY_BOUND_MS, everyMs: 50, what: `${name} to work again` },
        );
        recoveredAt = Date.now();
      } catch {
        problems.push(
          `did not recover within ${RECOVERY_BOUND_MS} ms: /health now ${health.latest()?.status} ${health.latest()?.body.slice(0, 300)}`,
        );
      }
      await pause(500);
      await health.stop();
      const gap = health.samples.filter((s) => s.at > closedAt && s.status !== 200);
      const after = health.samples.filter((s) => s.at > closedAt).length;
      if (gap.length === 0)
        problems.push(
          `/health answered 200 to all ${after} asks after the close (every ${HEALTH_EVERY_MS} ms)`,
        );
      measured[name] = {
        recoveryMs: recoveredAt === null ? null : recoveredAt - closedAt,
        unhealthyFromMs: gap.length ? gap[0]!.at - closedAt : null,
        unhealthyUntilMs: gap.length ? gap.at(-1)!.at - closedAt : null,
        unhealthyAnswers: gap.length,
        firstUnhealthyBody: gap[0]?.body.slice(0, 400) ?? null,
      };
      const connectionAfter = await waitUntil(
        async () => {
          const named = await connectionsNamed(vhost, connectionName);
          return named.length > 0 && named;
        },
        { timeoutMs: 15_000, what: `a connection named ${connectionName}` },
      );
      if (JSON.stringify(connectionAfter) !== JSON.stringify(connectionBefore))
        problems.push(
          `the connection was replaced: before ${connectionBefore.join(', ')}; after ${connectionAfter.join(', ')}`,
        );
      lastLogs = service.logs.slice(-15);
      if (recoveredAt === null) await restart(kind.service);
    } finally {
      loading = false;
      await loadLoop;
      // A send that cannot finish would hide the error that got here: report it alongside instead.
      await traffic.stop().catch((error: Error) => problems.push(`traffic did not finish: ${error.message}`));
    }
    const reports = await traffic.verify();
    const total = totalOf(reports);
    Object.assign(measured[name] as object, { traffic: total, ...(kind.asLoad ? { calls: load } : {}) });
    console.log(`${name}: ${JSON.stringify(measured[name])}`);
    if (problems.length > 0)
      console.log(`  ${problems.join('\n  ')}\n${kind.service} before the restart:\n${lastLogs.join('\n')}`);
    assert.ok(total.acked > 0, 'messages flowed');
    assert.deepEqual(
      {
        problems,
        lost: total.lost,
        duplicated: total.duplicated,
        undelivered: total.undelivered,
        gaps: total.gaps,
      },
      { problems: [], lost: 0, duplicated: 0, undelivered: 0, gaps: 0 },
    );
  }

  const kinds: [string, ChannelKind][] = [
    [
      'store: a shard consumer channel',
      {
        service: 'store',
        fault: { close: () => ({ consuming: QUEUES.storeShard(probeShard()).name }) },
        works: messageFlows,
      },
    ],
    [
      'history: a shard consumer channel',
      {
        service: 'history',
        fault: { close: () => ({ consuming: QUEUES.historyShard(probeShard()).name }) },
        works: receiptFlows,
      },
    ],
    [
      'users: the RPC server channel',
      {
        service: 'users',
        fault: { close: () => ({ consuming: QUEUES.usersRpc.name }) },
        works: usersAnswer,
        asLoad: true,
      },
    ],
    [
      'history: the RPC server channel',
      {
        service: 'history',
        fault: { close: () => ({ consuming: QUEUES.historyRpc.name }) },
        works: historyAnswers,
        asLoad: true,
      },
    ],
    [
      'gateway: the fan-out queue channel',
      {
        service: 'gateway0',
        fault: { close: () => ({ consuming: QUEUES.gateway(gatewayId()).name }) },
        works: messageFlows,
      },
    ],
    [
      'gateway: the fan-out queue deleted under its consumer (basic.cancel, channel left open)',
      {
        service: 'gateway0',
        fault: { deleteQueue: () => QUEUES.gateway(gatewayId()).name },
        works: messageFlows,
      },
    ],
    [
      'gateway: the RPC client channel (direct reply-to)',
      {
        service: 'gateway0',
        fault: { close: () => ({ directReplyTo: true }) },
        works: historyAnswers,
        asLoad: true,
      },
    ],
    [
      'gateway: the publishing channel',
      { service: 'gateway0', fault: { close: () => ({ publishing: true }) }, works: messageFlows },
    ],
    [
      'store: the publishing channel',
      { service: 'store', fault: { close: () => ({ publishing: true }) }, works: messageFlows },
    ],
  ];
  for (const [name, kind] of kinds) it(name, { timeout: 180_000 }, () => channelClosed(name, kind));
});

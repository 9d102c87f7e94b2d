import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { QUEUES, SHARDS } from '@parley/contracts';
import { RequestFailed, Scrape, TestClient, TestSystem, scrapeMetrics, TEST_PASSWORD } from '@parley/testing';

const SERVICES = { gateway: 'gateway0', users: 'users', store: 'store', history: 'history' } as const;
type Service = keyof typeof SERVICES;
type Scrapes = Record<Service, Scrape>;

const MESSAGES = 5;

/**
 * `GET /metrics` of the four real processes, scraped before and after a chat of two friends: the
 * series of what they did moved by what they did.
 */
describe('metrics', () => {
  let system: TestSystem;
  let alice: TestClient;
  let bob: TestClient;
  let before_: Scrapes;
  let after_: Scrapes;

  const scrapeAll = async (): Promise<Scrapes> => {
    const entries = await Promise.all(
      Object.entries(SERVICES).map(
        async ([name, key]) => [name, await scrapeMetrics(system.service(key).url)] as const,
      ),
    );
    return Object.fromEntries(entries) as Scrapes;
  };
  /** How much a series (summed over the samples matching `labels`) rose between the scrapes. */
  const rise = (service: Service, name: string, labels: Record<string, string> = {}) =>
    after_[service].sum(name, labels) - before_[service].sum(name, labels);

  before(async () => {
    system = await TestSystem.start('metrics');
    before_ = await scrapeAll();

    alice = await TestClient.online(system.gatewayUrl(), 'alice');
    bob = await TestClient.online(system.gatewayUrl(), 'bob');
    await TestClient.befriend(alice, bob);
    await assert.rejects(
      TestClient.login(system.gatewayUrl(), 'alice', `not ${TEST_PASSWORD}`),
      RequestFailed,
    );

    // One at a time, each acked before the next: one broker message per chat message on every hop.
    for (let i = 1; i <= MESSAGES; i++) {
      const mark = bob.events.length;
      const ack = await alice.request('message.send', {
        clientMsgId: `m-${i}`,
        to: bob.userId,
        text: `hi ${i}`,
      });
      await bob.waitFor((e) => e.event === 'message' && e.message.messageId === ack.messageId, 10_000, mark);
    }
    await bob.request('receipt', { kind: 'delivered', peer: alice.userId, upToSeq: MESSAGES });
    await bob.request('receipt', { kind: 'read', peer: alice.userId, upToSeq: MESSAGES });
    await alice.waitFor((e) => e.event === 'receipt' && e.kind === 'read' && e.upToSeq === MESSAGES);

    after_ = await scrapeAll();
  });

  after(async () => {
    alice?.close();
    bob?.close();
    await system?.stop();
  });

  it('counts each message once as accepted by the gateway, stored by the store and delivered to bob', () => {
    assert.equal(rise('gateway', 'parley_messages_accepted_total'), MESSAGES);
    assert.equal(rise('store', 'parley_messages_stored_total'), MESSAGES);
    assert.equal(rise('gateway', 'parley_messages_delivered_total'), MESSAGES);
  });

  it('measures send→stored in the store and stored→pushed in the gateway, once per message', () => {
    assert.equal(rise('store', 'parley_send_to_stored_seconds_count'), MESSAGES);
    assert.equal(rise('gateway', 'parley_stored_to_pushed_seconds_count'), MESSAGES);
    for (const [service, name] of [
      ['store', 'parley_send_to_stored_seconds'],
      ['gateway', 'parley_stored_to_pushed_seconds'],
    ] as const) {
      const seconds = rise(service, `${name}_sum`);
      assert.ok(seconds >= 0 && seconds < MESSAGES * 10, `${name}_sum rose by ${seconds}`);
      assert.equal(after_[service].types.get(name), 'histogram');
    }
  });

  it('counts the open connections and welcomed ones in the gateway, and logins by outcome in users', () => {
    assert.equal(before_.gateway.sum('parley_gateway_connections'), 0);
    assert.equal(after_.gateway.sum('parley_gateway_connections'), 2);
    assert.equal(rise('gateway', 'parley_gateway_connections_welcomed_total'), 2);
    // Registering logs in (TestClient.register), and alice tried once with a wrong password.
    assert.equal(rise('users', 'parley_logins_total', { outcome: 'ok' }), 2);
    assert.equal(rise('users', 'parley_logins_total', { outcome: 'INVALID_CREDENTIALS' }), 1);
  });

  it('measures the RPC calls the gateway made, by RPC and outcome', () => {
    const calls = 'parley_rpc_client_duration_seconds_count';
    assert.equal(rise('gateway', calls, { rpc: 'users.login', outcome: 'ok' }), 2);
    assert.equal(rise('gateway', calls, { rpc: 'users.login', outcome: 'INVALID_CREDENTIALS' }), 1);
    assert.equal(rise('gateway', calls, { rpc: 'users.register', outcome: 'ok' }), 2);
  });

  it("sizes the store's batches: one broker message each, on its shard queues", () => {
    const storeQueues = SHARDS.map((shard) => QUEUES.storeShard(shard).name);
    const risen = (name: string) =>
      storeQueues.reduce((total, queue) => total + rise('store', name, { queue }), 0);
    assert.equal(risen('parley_consumer_batch_size_sum'), MESSAGES);
    const batches = risen('parley_consumer_batch_size_count');
    assert.ok(batches >= 1 && batches <= MESSAGES, `${batches} batches`);
    const historyQueues = SHARDS.map((shard) => QUEUES.historyShard(shard).name);
    const historyBatches = historyQueues.reduce(
      (total, queue) => total + rise('history', 'parley_consumer_batch_size_count', { queue }),
      0,
    );
    assert.ok(historyBatches >= 1, 'history handled no batch');
  });

  it('reports the ready messages of every shard queue the store and history consume', () => {
    for (const [service, queue] of [
      ['store', QUEUES.storeShard],
      ['history', QUEUES.historyShard],
    ] as const)
      for (const shard of SHARDS) {
        const [sample, ...more] = after_[service].matching('parley_queue_messages_ready', {
          queue: queue(shard).name,
        });
        assert.ok(sample, `${service} reports no lag of ${queue(shard).name}`);
        assert.equal(more.length, 0);
        assert.ok(sample.value >= 0);
      }
    assert.equal(
      after_.gateway.has('parley_queue_messages_ready'),
      false,
      'the gateway consumes no shard queue',
    );
  });

  it("has the process's memory and event-loop lag in every service, and every series labelled with it", () => {
    for (const service of Object.keys(SERVICES) as Service[]) {
      const scrape = after_[service];
      assert.ok(scrape.sum('process_resident_memory_bytes', { service }) > 0, `${service}: no memory`);
      assert.equal(
        scrape.matching('nodejs_eventloop_lag_seconds', { service }).length,
        1,
        `${service}: no lag`,
      );
      const unlabelled = scrape.samples.filter((s) => s.labels.service !== service).map((s) => s.name);
      assert.deepEqual(unlabelled, [], `${service}: series without service="${service}"`);
    }
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  GatewayHeartbeat,
  ParleyError,
  QUEUES,
  Receipt,
  ReceiptRecorded,
  ReceiptSubmitted,
  conversationId,
  envelope,
  shardOf,
  usersRpc,
} from '@parley/contracts';
import { InMemoryBus, matchesTopic } from './in-memory-bus';

const ann = '0b7e8a5c-1d2f-4a3b-9c4d-5e6f7a8b9c0d';
const ben = 'f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b';
const receipt = (conversation: string): Receipt => ({
  kind: 'read',
  conversationId: conversation,
  reader: ann,
  peer: ben,
  upToSeq: 3,
  at: new Date().toISOString(),
});

describe('InMemoryBus', () => {
  it('matches routing keys as a topic exchange does', () => {
    assert.equal(matchesTopic('x.y.*', 'x.y.3'), true);
    assert.equal(matchesTopic('x.y.3', 'x.y.4'), false);
    assert.equal(matchesTopic('x.*', 'x.y.3'), false);
    assert.equal(matchesTopic('x.#', 'x.y.3'), true);
    assert.equal(matchesTopic('#', 'anything.at.all'), true);
  });

  it('hands an event to the consumers of the queues bound to its key, and to no other', async () => {
    const bus = new InMemoryBus();
    const conversation = conversationId(ann, ben);
    const shard = shardOf(conversation);
    const mine: unknown[] = [];
    const other: unknown[] = [];
    const gateway: Receipt[] = [];
    bus.consumeBatches<unknown>(QUEUES.historyShard(shard), {
      handler: async (b) => void mine.push(...b),
      prefetch: 1,
      maxBatch: 1,
    });
    bus.consumeBatches<unknown>(QUEUES.historyShard((shard + 1) % 8), {
      handler: async (b) => void other.push(...b),
      prefetch: 1,
      maxBatch: 1,
    });
    bus.consumeFanOut(QUEUES.gateway('gw'), {
      prefetch: 1,
      handlers: {
        'messages.stored': () => undefined,
        'receipt.recorded': (r) => void gateway.push(r),
        'contact.changed': () => undefined,
        'presence.changed': () => undefined,
        'sessions.revoked': () => undefined,
      },
    });
    await bus.publish(ReceiptSubmitted, envelope(ReceiptSubmitted, receipt(conversation)));
    await bus.publish(ReceiptRecorded, envelope(ReceiptRecorded, receipt(conversation)));
    assert.equal(mine.length, 1);
    assert.equal(other.length, 0);
    assert.deepEqual(
      gateway.map((r) => r.upToSeq),
      [3],
    );
    assert.deepEqual(
      bus.published.map((p) => p.routingKey),
      [ReceiptSubmitted.binding(shard), ReceiptRecorded.binding(shard)],
    );
  });

  it('refuses an event its contract does not allow, as a consumer would', async () => {
    const bus = new InMemoryBus();
    const bad = envelope(GatewayHeartbeat, { gatewayId: 'gw', at: 'yesterday', intervalMs: 10 });
    await assert.rejects(bus.publish(GatewayHeartbeat, bad));
    assert.equal(bus.published.length, 0);
  });

  it("checks a request and the test's answer against the contract, and fails as the broker down does", async () => {
    const bus = new InMemoryBus();
    await assert.rejects(
      bus.call(usersRpc.listContacts, { userIds: [ann] }),
      (e: ParleyError) => e.code === 'UNAVAILABLE',
    );
    bus.answer(usersRpc.listContacts, ({ userIds }) => ({
      lists: Object.fromEntries(userIds.map((id) => [id, []])),
    }));
    assert.deepEqual(await bus.call(usersRpc.listContacts, { userIds: [ann] }), { lists: { [ann]: [] } });
    await assert.rejects(
      bus.call(usersRpc.listContacts, { userIds: ['not-a-uuid'] }),
      (e: ParleyError) => e.code === 'INVALID_FIELD',
    );
    bus.answer(usersRpc.listContacts, () => ({ lists: 'none' }) as never);
    await assert.rejects(
      bus.call(usersRpc.listContacts, { userIds: [ann] }),
      (e: ParleyError) => e.code === 'INTERNAL',
    );
    bus.unavailable = true;
    await assert.rejects(
      bus.publish(
        GatewayHeartbeat,
        envelope(GatewayHeartbeat, { gatewayId: 'gw', at: new Date().toISOString(), intervalMs: 10 }),
      ),
      (e: ParleyError) => e.code === 'UNAVAILABLE',
    );
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { EXCHANGES, QUEUES } from '@parley/contracts';
import { TestClient, TestSystem } from '@parley/testing';

/** Users on different gateway instances, and one user on both. */
describe('two gateway instances', () => {
  let system: TestSystem;
  let alice: TestClient;
  let bob: TestClient;
  let bobPhone: TestClient;

  before(async () => {
    system = await TestSystem.start('twogw', { gateways: 2 });
    alice = await TestClient.register(system.gatewayUrl(0), 'alice');
    bob = await TestClient.register(system.gatewayUrl(1), 'bob');
    bobPhone = new TestClient(system.gatewayUrl(0), bob.session);
    await Promise.all([alice.connect(), bob.connect(), bobPhone.connect()]);
    await TestClient.befriend(alice, bob);
  });

  after(async () => {
    for (const client of [alice, bob, bobPhone]) client?.close();
    await system?.stop();
  });

  it('delivers across instances, to every device of the recipient, and echoes to the sender', async () => {
    const ack = await alice.request('message.send', { clientMsgId: 'x-1', to: bob.userId, text: 'across' });
    for (const client of [bob, bobPhone, alice]) {
      const event = await client.waitFor(
        (e) => e.event === 'message' && e.message.messageId === ack.messageId,
      );
      assert.ok(event.event === 'message' && event.message.text === 'across');
    }
    const reply = await bob.request('message.send', { clientMsgId: 'y-1', to: alice.userId, text: 'back' });
    await alice.waitFor((e) => e.event === 'message' && e.message.messageId === reply.messageId);
    await bobPhone.waitFor((e) => e.event === 'message' && e.message.messageId === reply.messageId);
  });

  it('binds each instance once for all its users, so connecting costs the broker nothing', async () => {
    const carol = await TestClient.online(system.gatewayUrl(1), 'carol');
    const dave = await TestClient.online(system.gatewayUrl(1), 'dave');
    await carol.request('contacts.add', { username: 'dave' });
    const ack = await carol.request('message.send', {
      clientMsgId: 'c-1',
      to: dave.userId,
      text: 'only for dave',
    });
    await dave.waitFor((e) => e.event === 'message' && e.message.messageId === ack.messageId);
    for (const gateway of ['gw0', 'gw1']) {
      const response = await fetch(
        `${managementOrigin()}/api/queues/${encodeURIComponent(system.ns.name)}/gateway.${gateway}/bindings`,
        { headers: { authorization: managementAuth() } },
      );
      const bindings = (await response.json()) as { source: string; routing_key: string }[];
      assert.deepEqual(
        bindings
          .filter((b) => b.source === EXCHANGES.events)
          .map((b) => b.routing_key)
          .sort(),
        [...QUEUES.gateway(gateway).bindings].sort(),
      );
    }
    assert.ok(
      !alice.messages().some((m) => m.messageId === ack.messageId),
      'a gateway passes on only what concerns its own users',
    );
    carol.close();
    dave.close();
  });
});

function managementOrigin(): string {
  const url = new URL(process.env.RABBITMQ_MANAGEMENT_URL!);
  return `${url.protocol}//${url.host}`;
}

function managementAuth(): string {
  const url = new URL(process.env.RABBITMQ_MANAGEMENT_URL!);
  return (
    'Basic ' +
    Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')
  );
}

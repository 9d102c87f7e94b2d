import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestNamespace, createNamespace, pause, waitUntil } from '@parley/testing';
import amqp from 'amqplib';
import { AmqpConnection } from '../src/amqp-connection';
import { SupervisedChannel } from '../src/supervised-channel';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * Channels of one connection against the real broker, closed by the broker while the connection
 * lives: by a channel error, and by cancelling the consumer (its queue deleted).
 */
describe('SupervisedChannel', () => {
  let ns: TestNamespace;
  let connection: AmqpConnection;
  let outsider: amqp.ChannelModel;
  let supervised: SupervisedChannel;
  const queue = 'supervised.test';
  const received: string[] = [];
  let opened = 0;
  let lost = 0;

  before(async () => {
    ns = await createNamespace('supervised');
    outsider = await amqp.connect(ns.rabbitUrl);
    connection = new AmqpConnection({ url: ns.rabbitUrl, name: `test-${ns.name}`, logger: quiet });
    supervised = connection.supervise({
      name: `consumer of ${queue}`,
      open: async (channel, supervisor) => {
        opened++;
        await channel.assertQueue(queue, { durable: false });
        await supervisor.consume(channel, queue, (message) => {
          received.push(message.content.toString());
          channel.ack(message);
        });
      },
      lost: () => lost++,
    });
    await connection.start();
    await waitUntil(() => supervised.current, { what: 'the first channel' });
  });

  after(async () => {
    await supervised?.stop();
    await connection?.close();
    await outsider?.close();
    await ns?.dispose();
  });

  const send = async (body: string) => {
    const channel = await outsider.createChannel();
    channel.sendToQueue(queue, Buffer.from(body));
    await channel.close();
  };

  it('reopens a channel the broker closed with an error, on the same connection, and says so meanwhile', async () => {
    const before = { opened, lost };
    const channel = supervised.current!;
    // A channel-level error: the broker closes this channel, the connection lives on.
    await channel.checkQueue('no.such.queue').catch(() => undefined);
    assert.match(supervised.problem() ?? '', /NOT_FOUND|closed/);
    await waitUntil(() => supervised.current, { what: 'a fresh channel', timeoutMs: 5000 });
    assert.notEqual(supervised.current, channel);
    assert.equal(supervised.problem(), null);
    assert.deepEqual({ opened: opened - before.opened, lost: lost - before.lost }, { opened: 1, lost: 1 });
    assert.equal(connection.isReady, true);
    await send('after the error');
    await waitUntil(() => received.includes('after the error'), { what: 'the message on the fresh channel' });
  });

  it('renews its channel when the broker cancels the consumer, and consumes again', async () => {
    const channel = supervised.current!;
    const admin = await outsider.createChannel();
    await admin.deleteQueue(queue);
    await admin.close();
    await waitUntil(() => supervised.current && supervised.current !== channel, {
      what: 'a fresh channel after the cancel',
      timeoutMs: 5000,
    });
    await send('after the cancel');
    await waitUntil(() => received.includes('after the cancel'), { what: 'the message after the cancel' });
  });

  it('reports every supervised channel through its connection', () => {
    assert.deepEqual(
      connection.channels.map((c) => [c.name, c.problem()]),
      [[`consumer of ${queue}`, null]],
    );
  });

  it('opens nothing more once stopped', async () => {
    const before = opened;
    await supervised.stop();
    assert.equal(supervised.current, null);
    assert.equal(supervised.problem(), null);
    await pause(500);
    assert.equal(opened, before);
  });
});

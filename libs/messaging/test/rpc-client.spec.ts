import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ParleyError, QUEUES, usersRpc } from '@parley/contracts';
import { TestNamespace, createNamespace } from '@parley/testing';
import amqp from 'amqplib';
import { AmqpConnection } from '../src/amqp-connection';
import { RpcClient } from '../src/rpc-client';
import { declareQueue } from '../src/topology';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const ADA = {
  userId: '0b7e8a5c-1d2f-4a3b-9c4d-5e6f7a8b9c0d',
  username: 'ada',
  firstName: 'Ada',
  lastName: 'Lovelace',
};

/** The RPC client against the real broker, with a server of the test's own that answers what it is told to. */
describe('RpcClient replies', () => {
  let ns: TestNamespace;
  let server: amqp.ChannelModel;
  let connection: AmqpConnection;
  let rpc: RpcClient;
  /** The raw body the server answers with next. */
  let answer = '';
  /** How each call ended, as the client told its metrics. */
  const ended: { rpc: string; outcome: string; seconds: number }[] = [];

  before(async () => {
    ns = await createNamespace('rpc-replies');
    server = await amqp.connect(ns.rabbitUrl);
    const channel = await server.createChannel();
    await declareQueue(channel, QUEUES.usersRpc);
    await channel.consume(
      QUEUES.usersRpc.name,
      (message) => {
        if (!message) return;
        const { replyTo, correlationId } = message.properties as { replyTo: string; correlationId: string };
        channel.sendToQueue(replyTo, Buffer.from(answer), { correlationId });
      },
      { noAck: true },
    );
    connection = new AmqpConnection({ url: ns.rabbitUrl, name: `test-${ns.name}`, logger: quiet });
    rpc = new RpcClient(connection, 10_000, {
      batchTaken: () => undefined,
      rpcEnded: (name, outcome, seconds) => ended.push({ rpc: name, outcome, seconds }),
    });
    await connection.start();
  });

  after(async () => {
    await connection?.close();
    await server?.close();
    await ns?.dispose();
  });

  const register = () =>
    rpc.call(usersRpc.register, {
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'ada@example.test',
      username: 'ada',
      password: 'correct horse battery',
    });

  it('gives a reply that matches its contract as the contract parses it', async () => {
    answer = JSON.stringify({ ok: true, data: ADA });
    assert.deepEqual(await register(), ADA);
  });

  it('refuses, naming the field, a reply whose data its contract does not allow, instead of handing it on', async () => {
    answer = JSON.stringify({ ok: true, data: { ...ADA, username: 42 } });
    await assert.rejects(register(), (error: unknown) => {
      assert.ok(error instanceof ParleyError);
      assert.equal(error.code, 'INTERNAL');
      assert.match(error.message, /users\.register .*contract does not allow \(username: /);
      return true;
    });
  });

  it('refuses a reply that is neither a result nor an error', async () => {
    answer = JSON.stringify({ ok: 'yes', data: ADA });
    await assert.rejects(register(), /neither \{ok: true, data\} nor \{ok: false, error\}/);
  });

  it('passes on an error reply as the error it carries', async () => {
    answer = JSON.stringify({
      ok: false,
      error: { code: 'USERNAME_TAKEN', message: 'the username ada is taken' },
    });
    await assert.rejects(
      register(),
      (error: unknown) => error instanceof ParleyError && error.code === 'USERNAME_TAKEN',
    );
  });

  it('tells its metrics how long each call took and how it ended: ok, or the code of its error', async () => {
    ended.length = 0;
    answer = JSON.stringify({ ok: true, data: ADA });
    await register();
    answer = JSON.stringify({ ok: false, error: { code: 'USERNAME_TAKEN', message: 'taken' } });
    await assert.rejects(register());
    answer = 'not json';
    await assert.rejects(register());
    assert.deepEqual(
      ended.map(({ rpc, outcome }) => [rpc, outcome]),
      [
        ['users.register', 'ok'],
        ['users.register', 'USERNAME_TAKEN'],
        ['users.register', 'INTERNAL'],
      ],
    );
    for (const { seconds } of ended) assert.ok(seconds > 0 && seconds < 10, `${seconds} s`);
  });
});

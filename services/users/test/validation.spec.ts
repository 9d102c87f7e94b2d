import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { signRefreshToken } from '@parley/auth';
import { AnyRpcContract, ErrorBody, QUEUES, RpcReply, Session, usersRpc } from '@parley/contracts';
import { waitUntil } from '@parley/testing';
import * as amqp from 'amqplib';
import { JWT_SECRET, PASSWORD, UsersHarness, aSession, rejectsWith } from './harness';

/** One bad request: what is sent, and the error code (and field) it must be refused with. */
interface BadInput {
  name: string;
  contract: AnyRpcContract;
  request: () => unknown;
  code: string;
  field?: string;
}

describe('users: refusing bad input', () => {
  let h: UsersHarness;
  let me: Session;
  const valid = {
    firstName: 'Grace',
    lastName: 'Hopper',
    email: 'grace@example.com',
    username: 'grace',
    password: PASSWORD,
  };
  const someone = '3f1c9a2e-8b4d-4c6e-9f0a-1b2c3d4e5f60';

  before(async () => {
    h = await UsersHarness.start('validation');
    me = await h.registerAndLogin({ username: 'validator', email: 'validator@example.com' });
  });
  after(async () => h?.stop());

  const registerWith = (field: string, value: unknown) => () => ({ ...valid, [field]: value });
  const without = (field: string) => () =>
    Object.fromEntries(Object.entries(valid).filter(([k]) => k !== field));
  const acting = (extra: object) => () => ({ userId: me.user.userId, ...extra });

  const cases: BadInput[] = [
    // register: every field
    ...[
      ['empty', ''],
      ['only spaces', '   '],
      ['65 characters', 'a'.repeat(65)],
      ['a digit', 'R2D2'],
      ['markup', 'Ada<b>'],
      ['starting with a hyphen', '-Ada'],
      ['a number', 42],
      ['null', null],
    ].flatMap(([what, value]) =>
      ['firstName', 'lastName'].map((field) => ({
        name: `register: ${field} ${what}`,
        contract: usersRpc.register,
        request: registerWith(field, value),
        code: 'INVALID_FIELD',
        field,
      })),
    ),
    {
      name: 'register: firstName missing',
      contract: usersRpc.register,
      request: without('firstName'),
      code: 'INVALID_FIELD',
      field: 'firstName',
    },
    {
      name: 'register: lastName missing',
      contract: usersRpc.register,
      request: without('lastName'),
      code: 'INVALID_FIELD',
      field: 'lastName',
    },
    ...[
      ['empty', ''],
      ['without @', 'grace.example.com'],
      ['without domain', 'grace@'],
      ['with spaces inside', 'gr ace@example.com'],
      ['255 characters', `${'g'.repeat(243)}@example.com`],
      ['a number', 7],
    ].map(([what, value]) => ({
      name: `register: email ${what}`,
      contract: usersRpc.register,
      request: registerWith('email', value),
      code: 'INVALID_FIELD',
      field: 'email',
    })),
    {
      name: 'register: email missing',
      contract: usersRpc.register,
      request: without('email'),
      code: 'INVALID_FIELD',
      field: 'email',
    },
    ...[
      ['empty', ''],
      ['2 characters', 'ab'],
      ['2 characters once trimmed', '  ab  '],
      ['33 characters', 'a'.repeat(33)],
      ['starting with a digit', '1grace'],
      ['starting with an underscore', '_grace'],
      ['with a space', 'grace hopper'],
      ['with punctuation', 'grace!'],
      ['with a non-ASCII letter', 'grâce'],
      ['with NUL', 'gra\u0000ce'],
      ['an array', ['grace']],
    ].map(([what, value]) => ({
      name: `register: username ${what}`,
      contract: usersRpc.register,
      request: registerWith('username', value),
      code: 'INVALID_FIELD',
      field: 'username',
    })),
    {
      name: 'register: username missing',
      contract: usersRpc.register,
      request: without('username'),
      code: 'INVALID_FIELD',
      field: 'username',
    },
    ...[
      ['7 characters', 'short12'],
      ['129 characters', 'p'.repeat(129)],
      ['with NUL', 'password\u0000123'],
      ['a number', 12345678],
    ].map(([what, value]) => ({
      name: `register: password ${what}`,
      contract: usersRpc.register,
      request: registerWith('password', value),
      code: 'INVALID_FIELD',
      field: 'password',
    })),
    {
      name: 'register: password missing',
      contract: usersRpc.register,
      request: without('password'),
      code: 'INVALID_FIELD',
      field: 'password',
    },
    { name: 'register: body null', contract: usersRpc.register, request: () => null, code: 'INVALID_FIELD' },
    {
      name: 'register: body an array',
      contract: usersRpc.register,
      request: () => [valid],
      code: 'INVALID_FIELD',
    },
    {
      name: 'register: body a string',
      contract: usersRpc.register,
      request: () => 'grace',
      code: 'INVALID_FIELD',
    },

    // login
    {
      name: 'login: username empty',
      contract: usersRpc.login,
      request: () => ({ username: '', password: PASSWORD, address: '127.0.0.1' }),
      code: 'INVALID_FIELD',
      field: 'username',
    },
    {
      name: 'login: username 33 characters',
      contract: usersRpc.login,
      request: () => ({ username: 'a'.repeat(33), password: PASSWORD, address: '127.0.0.1' }),
      code: 'INVALID_FIELD',
      field: 'username',
    },
    {
      name: 'login: username missing',
      contract: usersRpc.login,
      request: () => ({ password: PASSWORD, address: '127.0.0.1' }),
      code: 'INVALID_FIELD',
      field: 'username',
    },
    {
      name: 'login: password empty',
      contract: usersRpc.login,
      request: () => ({ username: 'grace', password: '', address: '127.0.0.1' }),
      code: 'INVALID_FIELD',
      field: 'password',
    },
    {
      name: 'login: password 129 characters',
      contract: usersRpc.login,
      request: () => ({ username: 'grace', password: 'p'.repeat(129), address: '127.0.0.1' }),
      code: 'INVALID_FIELD',
      field: 'password',
    },
    {
      name: 'login: password a number',
      contract: usersRpc.login,
      request: () => ({ username: 'grace', password: 12345678, address: '127.0.0.1' }),
      code: 'INVALID_FIELD',
      field: 'password',
    },
    {
      name: 'login: username with NUL',
      contract: usersRpc.login,
      request: () => ({ username: 'gr\u0000ace', password: PASSWORD, address: '127.0.0.1' }),
      code: 'INVALID_CREDENTIALS',
    },
    {
      name: 'login: address missing',
      contract: usersRpc.login,
      request: () => ({ username: 'grace', password: PASSWORD }),
      code: 'INVALID_FIELD',
      field: 'address',
    },
    {
      name: 'login: address not an IP address',
      contract: usersRpc.login,
      request: () => ({ username: 'grace', password: PASSWORD, address: 'localhost' }),
      code: 'INVALID_FIELD',
      field: 'address',
    },
    {
      name: 'login: address an IPv4 address written as IPv6',
      contract: usersRpc.login,
      request: () => ({ username: 'grace', password: PASSWORD, address: '::ffff:10.0.0.1' }),
      code: 'INVALID_FIELD',
      field: 'address',
    },

    // refresh
    {
      name: 'refresh: token empty',
      contract: usersRpc.refresh,
      request: () => ({ refreshToken: '' }),
      code: 'INVALID_FIELD',
      field: 'refreshToken',
    },
    {
      name: 'refresh: token 4097 characters',
      contract: usersRpc.refresh,
      request: () => ({ refreshToken: 'x'.repeat(4097) }),
      code: 'INVALID_FIELD',
      field: 'refreshToken',
    },
    {
      name: 'refresh: token missing',
      contract: usersRpc.refresh,
      request: () => ({}),
      code: 'INVALID_FIELD',
      field: 'refreshToken',
    },
    {
      name: 'refresh: token not a JWT',
      contract: usersRpc.refresh,
      request: () => ({ refreshToken: 'garbage' }),
      code: 'UNAUTHORIZED',
    },
    {
      name: 'refresh: an access token',
      contract: usersRpc.refresh,
      request: () => ({ refreshToken: me.accessToken }),
      code: 'UNAUTHORIZED',
    },
    {
      name: 'refresh: signed with another secret',
      contract: usersRpc.refresh,
      request: () => ({
        refreshToken: signRefreshToken(
          aSession(me.user.userId),
          'another-secret-of-at-least-32-characters!',
          3600,
        ).token,
      }),
      code: 'UNAUTHORIZED',
    },
    {
      name: 'refresh: expired',
      contract: usersRpc.refresh,
      request: () => ({ refreshToken: signRefreshToken(aSession(me.user.userId), JWT_SECRET, -5).token }),
      code: 'TOKEN_EXPIRED',
    },
    {
      name: 'refresh: of nobody',
      contract: usersRpc.refresh,
      request: () => ({ refreshToken: signRefreshToken(aSession(someone), JWT_SECRET, 3600).token }),
      code: 'UNAUTHORIZED',
    },

    // search
    {
      name: 'search: userId not a UUID',
      contract: usersRpc.search,
      request: () => ({ userId: 'me', query: 'gr' }),
      code: 'INVALID_FIELD',
      field: 'userId',
    },
    {
      name: 'search: userId missing',
      contract: usersRpc.search,
      request: () => ({ query: 'gr' }),
      code: 'INVALID_FIELD',
      field: 'userId',
    },
    {
      name: 'search: query empty',
      contract: usersRpc.search,
      request: acting({ query: '' }),
      code: 'INVALID_FIELD',
      field: 'query',
    },
    {
      name: 'search: query only spaces',
      contract: usersRpc.search,
      request: acting({ query: '   ' }),
      code: 'INVALID_FIELD',
      field: 'query',
    },
    {
      name: 'search: query 65 characters',
      contract: usersRpc.search,
      request: acting({ query: 'q'.repeat(65) }),
      code: 'INVALID_FIELD',
      field: 'query',
    },
    {
      name: 'search: query with NUL',
      contract: usersRpc.search,
      request: acting({ query: 'gr\u0000' }),
      code: 'INVALID_FIELD',
      field: 'query',
    },
    {
      name: 'search: query an object',
      contract: usersRpc.search,
      request: acting({ query: { $gt: '' } }),
      code: 'INVALID_FIELD',
      field: 'query',
    },
    {
      name: 'search: offset negative',
      contract: usersRpc.search,
      request: acting({ query: 'gr', offset: -1 }),
      code: 'INVALID_FIELD',
      field: 'offset',
    },
    {
      name: 'search: offset fractional',
      contract: usersRpc.search,
      request: acting({ query: 'gr', offset: 1.5 }),
      code: 'INVALID_FIELD',
      field: 'offset',
    },
    {
      name: 'search: offset too far',
      contract: usersRpc.search,
      request: acting({ query: 'gr', offset: 10_001 }),
      code: 'INVALID_FIELD',
      field: 'offset',
    },
    {
      name: 'search: limit 0',
      contract: usersRpc.search,
      request: acting({ query: 'gr', limit: 0 }),
      code: 'INVALID_FIELD',
      field: 'limit',
    },
    {
      name: 'search: limit 51',
      contract: usersRpc.search,
      request: acting({ query: 'gr', limit: 51 }),
      code: 'INVALID_FIELD',
      field: 'limit',
    },
    {
      name: 'search: limit a string',
      contract: usersRpc.search,
      request: acting({ query: 'gr', limit: '10' }),
      code: 'INVALID_FIELD',
      field: 'limit',
    },

    // contacts
    {
      name: 'add: userId not a UUID',
      contract: usersRpc.addContact,
      request: () => ({ userId: 'x', username: 'grace' }),
      code: 'INVALID_FIELD',
      field: 'userId',
    },
    {
      name: 'add: username too short',
      contract: usersRpc.addContact,
      request: acting({ username: 'gr' }),
      code: 'INVALID_FIELD',
      field: 'username',
    },
    {
      name: 'add: username with $',
      contract: usersRpc.addContact,
      request: acting({ username: '$where' }),
      code: 'INVALID_FIELD',
      field: 'username',
    },
    {
      name: 'add: username missing',
      contract: usersRpc.addContact,
      request: acting({}),
      code: 'INVALID_FIELD',
      field: 'username',
    },
    {
      name: 'add: unknown user',
      contract: usersRpc.addContact,
      request: acting({ username: 'nobody_here' }),
      code: 'USER_NOT_FOUND',
      field: 'username',
    },
    {
      name: 'add: yourself',
      contract: usersRpc.addContact,
      request: acting({ username: 'VALIDATOR' }),
      code: 'CANNOT_ADD_SELF',
      field: 'username',
    },
    {
      name: 'remove: otherId not a UUID',
      contract: usersRpc.removeContact,
      request: acting({ otherId: 'grace' }),
      code: 'INVALID_FIELD',
      field: 'otherId',
    },
    {
      name: 'remove: otherId missing',
      contract: usersRpc.removeContact,
      request: acting({}),
      code: 'INVALID_FIELD',
      field: 'otherId',
    },
    {
      name: 'remove: not a contact',
      contract: usersRpc.removeContact,
      request: acting({ otherId: someone }),
      code: 'NOT_A_CONTACT',
      field: 'userId',
    },
    {
      name: 'remove: yourself',
      contract: usersRpc.removeContact,
      request: () => ({ userId: me.user.userId, otherId: me.user.userId }),
      code: 'NOT_A_CONTACT',
    },
    {
      name: 'block: unknown user',
      contract: usersRpc.block,
      request: acting({ otherId: someone }),
      code: 'USER_NOT_FOUND',
      field: 'userId',
    },
    {
      name: 'block: yourself',
      contract: usersRpc.block,
      request: () => ({ userId: me.user.userId, otherId: me.user.userId }),
      code: 'INVALID_FIELD',
      field: 'userId',
    },
    {
      name: 'unblock: not blocked',
      contract: usersRpc.unblock,
      request: acting({ otherId: someone }),
      code: 'NOT_BLOCKED',
      field: 'userId',
    },
    {
      name: 'ignore: no request',
      contract: usersRpc.ignore,
      request: acting({ otherId: someone, throughSeq: 0 }),
      code: 'NO_REQUEST',
      field: 'userId',
    },
    {
      name: 'ignore: throughSeq negative',
      contract: usersRpc.ignore,
      request: acting({ otherId: someone, throughSeq: -1 }),
      code: 'INVALID_FIELD',
      field: 'throughSeq',
    },
    {
      name: 'list: userIds missing',
      contract: usersRpc.listContacts,
      request: () => ({}),
      code: 'INVALID_FIELD',
      field: 'userIds',
    },
    {
      name: 'list: userIds empty',
      contract: usersRpc.listContacts,
      request: () => ({ userIds: [] }),
      code: 'INVALID_FIELD',
      field: 'userIds',
    },
    {
      name: 'list: a user id a number',
      contract: usersRpc.listContacts,
      request: () => ({ userIds: [123] }),
      code: 'INVALID_FIELD',
      field: 'userIds.0',
    },
  ];

  for (const bad of cases) {
    it(`${bad.name} → ${bad.code}${bad.field ? ` (${bad.field})` : ''}, and the service still answers`, async () => {
      await rejectsWith(h.rpc.call(bad.contract, bad.request() as never), bad.code, bad.field);
      await h.assertAlive();
    });
  }

  it('registers the valid registration that every bad one was derived from', async () => {
    const user = await h.rpc.call(usersRpc.register, valid);
    assert.equal(user.username, 'grace');
  });
});

describe('users: malformed requests on the broker', () => {
  let h: UsersHarness;
  let connection: amqp.ChannelModel;
  let channel: amqp.Channel;
  const replies = new Map<string, RpcReply<unknown>>();
  let next = 0;

  before(async () => {
    h = await UsersHarness.start('malformed');
    connection = await amqp.connect(h.ns.rabbitUrl);
    channel = await connection.createChannel();
    await channel.consume(
      'amq.rabbitmq.reply-to',
      (m) => m && replies.set(m.properties.correlationId as string, JSON.parse(m.content.toString())),
      {
        noAck: true,
      },
    );
  });
  after(async () => {
    await connection?.close();
    await h?.stop();
  });

  /** Sends raw bytes to the users queue and waits for the reply. */
  async function raw(content: Buffer, properties: amqp.Options.Publish): Promise<ErrorBody> {
    const correlationId = `raw-${next++}`;
    channel.sendToQueue(QUEUES.usersRpc.name, content, {
      replyTo: 'amq.rabbitmq.reply-to',
      correlationId,
      ...properties,
    });
    const reply = await waitUntil(() => replies.get(correlationId), {
      timeoutMs: 15_000,
      what: `the reply to ${correlationId}`,
      everyMs: 20,
    });
    assert.equal(reply.ok, false);
    return (reply as { error: ErrorBody }).error;
  }

  it('answers a body that is not JSON with INVALID_FRAME', async () => {
    assert.equal(
      (await raw(Buffer.from('{"username": '), { type: usersRpc.login.pattern })).code,
      'INVALID_FRAME',
    );
    assert.equal(
      (await raw(Buffer.from([0xff, 0xfe, 0x00, 0x81]), { type: usersRpc.register.pattern })).code,
      'INVALID_FRAME',
    );
    await h.assertAlive();
  });

  it('answers JSON of the wrong shape with INVALID_FIELD', async () => {
    const error = await raw(Buffer.from(JSON.stringify({ user: 'grace', pass: 'x' })), {
      type: usersRpc.login.pattern,
    });
    assert.equal(error.code, 'INVALID_FIELD');
    assert.equal(error.field, 'username');
    await h.assertAlive();
  });

  it('answers an unknown or missing pattern with UNKNOWN_TYPE', async () => {
    assert.equal((await raw(Buffer.from('{}'), { type: 'users.drop-database' })).code, 'UNKNOWN_TYPE');
    assert.equal((await raw(Buffer.from('{}'), {})).code, 'UNKNOWN_TYPE');
    await h.assertAlive();
  });

  it('drops requests with nowhere to reply without blocking the queue', async () => {
    for (let i = 0; i < 100; i++) {
      channel.sendToQueue(
        QUEUES.usersRpc.name,
        Buffer.from(i % 2 ? 'not json' : JSON.stringify({ username: 'x' })),
        { type: usersRpc.login.pattern },
      );
    }
    await h.assertAlive();
    let left = Infinity;
    await waitUntil(
      async () => (left = (await channel.checkQueue(QUEUES.usersRpc.name)).messageCount) === 0,
      {
        timeoutMs: 15_000,
        what: 'the rpc queue to empty',
        details: () => `${left} messages are left in it`,
      },
    );
    await h.assertAlive();
  });

  it('kept running throughout', () => {
    assert.equal(h.service.child.exitCode, null);
  });
});

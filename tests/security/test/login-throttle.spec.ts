import assert from 'node:assert/strict';
import { request } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { ErrorBody, HTTP_ROUTES } from '@parley/contracts';
import { TEST_PASSWORD, TestClient, TestSystem, pause } from '@parley/testing';

/** Short enough for a test to see a wait end; the growth and the limits are those of production. */
const BASE_MS = 3000;
const FREE_PER_NAME = 5;
const FREE_PER_ADDRESS = 50;

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: { error?: ErrorBody };
}

/**
 * POST to the gateway from `from`, a loopback address of its own (any 127.x.y.z on Linux), so the
 * gateway sees a distinct client address on the TCP connection.
 */
function post(
  gatewayUrl: string,
  path: string,
  body: unknown,
  from: string,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const url = new URL(path, gatewayUrl);
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        localAddress: from,
        headers: { 'content-type': 'application/json', ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          try {
            const text = Buffer.concat(chunks).toString('utf8');
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(text) });
          } catch (error) {
            reject(error as Error);
          }
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

describe('login throttling', () => {
  let system: TestSystem;
  const login = (username: string, password: string, from: string, headers?: Record<string, string>) =>
    post(system.gatewayUrl(), HTTP_ROUTES.login, { username, password }, from, headers);
  const wrong = (username: string, from: string) => login(username, 'not-the-password', from);

  /** `count` wrong passwords for `username` from `from`, each answered INVALID_CREDENTIALS. */
  async function fail(username: string, from: string, count: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      const answer = await wrong(username, from);
      assert.equal(answer.body.error?.code, 'INVALID_CREDENTIALS', `attempt ${i + 1} from ${from}`);
    }
  }

  function refusedWait(answer: Answer): number {
    assert.equal(answer.status, 429);
    assert.equal(answer.body.error?.code, 'TOO_MANY_ATTEMPTS');
    const wait = answer.body.error.retryAfterMs;
    assert.ok(typeof wait === 'number' && wait > 0, `retryAfterMs ${wait}`);
    return wait;
  }

  before(async () => {
    system = await TestSystem.start('login-throttle', {
      extraEnv: { LOGIN_BACKOFF_BASE_MS: String(BASE_MS) },
    });
    await Promise.all(
      ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace'].map((u) =>
        TestClient.register(system.gatewayUrl(), u),
      ),
    );
  });

  after(async () => system?.stop());

  it('lets the owner in from their own address however often someone else failed', async () => {
    for (let i = 0; i < 20; i++) {
      const answer = await wrong('alice', '127.0.0.2');
      assert.ok(
        ['INVALID_CREDENTIALS', 'TOO_MANY_ATTEMPTS'].includes(answer.body.error?.code ?? ''),
        JSON.stringify(answer.body),
      );
    }
    const owner = await login('alice', TEST_PASSWORD, '127.0.0.1');
    assert.equal(owner.status, 200, JSON.stringify(owner.body));
  });

  it('states the wait in Retry-After as well as retryAfterMs, and doubles it with each further failure', async () => {
    await fail('bob', '127.0.0.3', FREE_PER_NAME);
    const first = await wrong('bob', '127.0.0.3');
    const firstWait = refusedWait(first);
    assert.equal(first.headers['retry-after'], String(Math.ceil(firstWait / 1000)));
    assert.ok(firstWait <= BASE_MS, `the first wait is at most the base: ${firstWait}`);

    await pause(firstWait + 50);
    const sent = Date.now();
    await fail('bob', '127.0.0.3', 1);
    const second = await wrong('bob', '127.0.0.3');
    const answered = Date.now();
    const secondWait = refusedWait(second);
    // The failure started after `sent` and the wait was measured before `answered`.
    assert.ok(secondWait <= 2 * BASE_MS, `second wait ${secondWait}`);
    assert.ok(
      secondWait >= 2 * BASE_MS - (answered - sent),
      `second wait ${secondWait} is twice the base from the last failure`,
    );
    assert.equal(second.headers['retry-after'], String(Math.ceil(secondWait / 1000)));
  });

  it('counts the client address from the connection, never from the body or a header', async () => {
    for (let i = 0; i < FREE_PER_NAME; i++) {
      const answer = await post(
        system.gatewayUrl(),
        HTTP_ROUTES.login,
        { username: 'carol', password: 'not-the-password', address: `10.0.0.${i}` },
        '127.0.0.4',
        { 'x-forwarded-for': `10.1.0.${i}`, 'x-real-ip': `10.2.0.${i}` },
      );
      assert.equal(answer.body.error?.code, 'INVALID_CREDENTIALS');
    }
    refusedWait(await login('carol', TEST_PASSWORD, '127.0.0.4', { 'x-forwarded-for': '10.9.9.9' }));
  });

  it('throttles one address trying many usernames, and only that address', async () => {
    for (let i = 0; i < FREE_PER_ADDRESS; i++) {
      const answer = await wrong(`sprayed_${i}`, '127.0.0.5');
      assert.equal(answer.body.error?.code, 'INVALID_CREDENTIALS', `name ${i}`);
    }
    refusedWait(await wrong('sprayed_last', '127.0.0.5'));
    refusedWait(await login('dave', TEST_PASSWORD, '127.0.0.5'));
    const elsewhere = await login('dave', TEST_PASSWORD, '127.0.0.6');
    assert.equal(elsewhere.status, 200, JSON.stringify(elsewhere.body));
  });

  it('verifies no more passwords of a concurrent burst than the allowance', async () => {
    const answers = await Promise.all(Array.from({ length: 12 }, () => wrong('erin', '127.0.0.7')));
    const codes = answers.map((a) => a.body.error?.code);
    assert.equal(codes.filter((c) => c === 'INVALID_CREDENTIALS').length, FREE_PER_NAME);
    assert.equal(codes.filter((c) => c === 'TOO_MANY_ATTEMPTS').length, 12 - FREE_PER_NAME);
  });

  it('lets the owner in from the failing address once the wait is over, which clears the count', async () => {
    await fail('frank', '127.0.0.8', FREE_PER_NAME);
    const wait = refusedWait(await login('frank', TEST_PASSWORD, '127.0.0.8'));
    assert.ok(wait <= BASE_MS, `wait ${wait}`);
    await pause(wait + 50);
    const owner = await login('frank', TEST_PASSWORD, '127.0.0.8');
    assert.equal(owner.status, 200, JSON.stringify(owner.body));
    await fail('frank', '127.0.0.8', FREE_PER_NAME);
    refusedWait(await wrong('frank', '127.0.0.8'));
  });

  it('keeps one limit per username and address across two users instances', async () => {
    await system.startService('users', 'users1');
    await fail('grace', '127.0.0.9', FREE_PER_NAME);
    for (let i = 0; i < 4; i++) refusedWait(await wrong('grace', '127.0.0.9'));
  });
});

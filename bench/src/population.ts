import { randomUUID } from 'node:crypto';
import { signAccessToken } from '@parley/auth';
import { HTTP_ROUTES, ServerEvent, Session } from '@parley/contracts';
import { TEST_JWT_SECRET, TestSystem, http } from '@parley/testing';
import { BenchClient } from './bench-client';
import { mapLimit } from './stats';

const PASSWORD = 'bench password 42';

/** Two friends talking to each other; `a` and `b` sit on different gateways when there are several. */
export interface Pair {
  a: BenchClient;
  b: BenchClient;
}

export interface Population {
  clients: BenchClient[];
  /** Per user: HTTP login plus WebSocket connect to welcome, in ms. */
  loginMs: number[];
  registerSeconds: number;
}

/**
 * Registers `count` users over HTTP, then logs each in (HTTP) and connects it (WebSocket),
 * timing login plus connect. User i goes to gateway i mod gateways. Concurrency stays low because
 * every register and login is an scrypt hash on the users service, which is what bounds this step.
 */
export async function registerAndConnect(
  system: TestSystem,
  gateways: number,
  prefix: string,
  count: number,
): Promise<Population> {
  const usernames = Array.from({ length: count }, (_, i) => `${prefix}${i}`);
  const gatewayOf = (i: number) => system.gatewayUrl(i % gateways);
  const started = performance.now();
  await mapLimit(usernames, 4, (username, i) =>
    http(gatewayOf(i), HTTP_ROUTES.register, {
      firstName: 'Bench',
      lastName: 'User',
      email: `${username}@example.test`,
      username,
      password: PASSWORD,
    }),
  );
  const registerSeconds = (performance.now() - started) / 1000;
  const loginMs: number[] = [];
  const clients = await mapLimit(usernames, 4, async (username, i) => {
    const t0 = performance.now();
    const session = (await http(gatewayOf(i), HTTP_ROUTES.login, {
      username,
      password: PASSWORD,
    })) as Session;
    const client = new BenchClient(gatewayOf(i), session);
    await client.connect();
    loginMs.push(performance.now() - t0);
    return client;
  });
  return { clients, loginMs, registerSeconds };
}

/** Makes each consecutive two clients friends of each other and waits until both gateways know it. */
export async function befriend(clients: BenchClient[]): Promise<Pair[]> {
  const pairs: Pair[] = [];
  for (let i = 0; i + 1 < clients.length; i += 2) pairs.push({ a: clients[i]!, b: clients[i + 1]! });
  await mapLimit(pairs, 8, async ({ a, b }) => {
    // Each adds the other; once both have been told they are friends, each gateway knows it too
    // (it takes in a change before it tells the client), so receipts and presence flow at once.
    await a.request('contacts.add', { username: b.session!.user.username });
    await b.request('contacts.add', { username: a.session!.user.username });
    const friendOf = (other: BenchClient) => (e: ServerEvent) =>
      e.event === 'contact' && e.contact.userId === other.userId && e.contact.relation === 'friend';
    await Promise.all([a.waitFor(friendOf(b), 15_000), b.waitFor(friendOf(a), 15_000)]);
  });
  return pairs;
}

/**
 * Sessions for users that exist only in their tokens. The gateway authenticates a WebSocket from
 * its access token alone (no round trip), so these connect exactly as real users' tokens do; they
 * make 10,000 connections possible without 10,000 scrypt registrations.
 */
export function tokenOnlySessions(count: number, prefix: string): Session[] {
  return Array.from({ length: count }, (_, i): Session => {
    const user = { userId: randomUUID(), username: `${prefix}${i}` };
    const session = { sessionId: randomUUID(), begunAt: Date.now() };
    const { token, expiresAt } = signAccessToken(user, session, TEST_JWT_SECRET, 3600);
    return {
      accessToken: token,
      refreshToken: '',
      expiresAt: expiresAt.toISOString(),
      user: { ...user, firstName: 'Bench', lastName: 'Idle' },
    };
  });
}

export interface Connected {
  clients: BenchClient[];
  /** Per connection: WebSocket upgrade with the token until welcome, in ms. */
  connectMs: number[];
  seconds: number;
}

/** Connects one client per session with at most `concurrency` connects in flight. */
export async function connectAll(
  gatewayUrls: readonly string[],
  sessions: Session[],
  concurrency: number,
): Promise<Connected> {
  const connectMs: number[] = [];
  const started = performance.now();
  const clients = await mapLimit(sessions, concurrency, async (session, i) => {
    const client = new BenchClient(gatewayUrls[i % gatewayUrls.length]!, session);
    const t0 = performance.now();
    await client.connect();
    connectMs.push(performance.now() - t0);
    return client;
  });
  return { clients, connectMs, seconds: (performance.now() - started) / 1000 };
}

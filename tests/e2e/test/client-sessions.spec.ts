import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { HTTP_ROUTES } from '@parley/contracts';
import { RequestFailed, TEST_PASSWORD, TestClient, TestSystem, http } from '@parley/testing';
import { ParleyClient, SessionStore, whenChanged } from '@parley/tui';
import type { ConnectionState } from '@parley/tui';

/** Short-lived access tokens, so that several lifetimes pass within a test. */
const TTL_SECONDS = 6;

const online = (client: ParleyClient) => client.connectionState.kind === 'online';
const signedOutReason = (client: ParleyClient) =>
  client.authStatus.kind === 'signed-out' ? (client.authStatus.reason ?? '') : null;

/** The terminal client's sessions, headless, against the real system: refresh on the connection, logout, sessions ended elsewhere. */
describe('client sessions against the real system', () => {
  let system: TestSystem;
  let home: string;
  const clients: ParleyClient[] = [];

  before(async () => {
    system = await TestSystem.start('client-sessions', {
      extraEnv: { ACCESS_TOKEN_TTL_SECONDS: String(TTL_SECONDS) },
    });
    home = await mkdtemp(join(tmpdir(), 'parley-sessions-'));
  });

  after(async () => {
    for (const client of clients) client.close();
    await system?.stop();
    await rm(home, { recursive: true, force: true });
  });

  /** A run of Parley with `dir` for its session and outboxes: two runs with one dir share a machine's session. */
  function run(dir: string): ParleyClient {
    const client = new ParleyClient({
      gatewayUrl: system.gatewayUrl(),
      sessionDir: join(home, dir),
      backoff: { initialMs: 100, maxMs: 1000, factor: 2 },
    });
    clients.push(client);
    return client;
  }

  async function registered(username: string): Promise<ParleyClient> {
    const client = run(username);
    await client.register({
      firstName: username,
      lastName: 'Tester',
      email: `${username}@example.test`,
      username,
      password: TEST_PASSWORD,
    });
    await whenChanged(client, `${username} online`, () => online(client), 20_000);
    return client;
  }

  async function loggedIn(username: string, dir: string): Promise<ParleyClient> {
    const client = run(dir);
    await client.login({ username, password: TEST_PASSWORD });
    await whenChanged(client, `${username} online in ${dir}`, () => online(client), 20_000);
    return client;
  }

  it('stays on one connection through several token lifetimes, refreshing on it, and keeps delivering', async () => {
    const ada = await registered('ada');
    const ben = await TestClient.online(system.gatewayUrl(), 'ben');
    await ada.addContact('ben');
    await ben.request('contacts.add', { username: 'ada' });
    const changes: ConnectionState['kind'][] = [];
    ada.events.on('connection', (state) => changes.push(state.kind));
    const before = (await new SessionStore(join(home, 'ada'), system.gatewayUrl()).load())!.refreshToken;

    await sleep(3 * TTL_SECONDS * 1000);

    assert.deepEqual(changes, [], 'the connection was never lost nor replaced');
    assert.equal(ada.connectionState.kind, 'online');
    const saved = (await new SessionStore(join(home, 'ada'), system.gatewayUrl()).load())!.refreshToken;
    assert.notEqual(saved, before, 'the tokens were rotated and the new ones saved');
    // ben's test client does not refresh on its connection: the gateway closed it when its token expired.
    await ben.refresh();
    await ben.connect();
    ada.openConversation(ben.userId);
    await ada.send('three lifetimes later');
    await ben.waitUntil(
      () => ben.messages().some((m) => m.text === 'three lifetimes later'),
      15_000,
      'the message reached ben',
    );
  });

  it('ends the session at the server on logout', async () => {
    const cleo = await registered('cleo');
    const token = (await new SessionStore(join(home, 'cleo'), system.gatewayUrl()).load())!.refreshToken;
    await cleo.logout();
    assert.equal(signedOutReason(cleo), '', 'signed out by choice, with nothing to explain');
    const refused = await http(system.gatewayUrl(), HTTP_ROUTES.refresh, { refreshToken: token }).catch(
      (error: unknown) => error,
    );
    assert.ok(refused instanceof RequestFailed);
    assert.equal(refused.error.code, 'SESSION_ENDED');
  });

  it('signs out every device on logout everywhere, each saying why', async () => {
    await registered('dora');
    const laptop = await loggedIn('dora', 'dora-laptop');
    const desktop = clients.at(-2)!;
    await laptop.logout(true);
    assert.equal(signedOutReason(laptop), '');
    await whenChanged(
      desktop,
      'the other device signed out',
      () => signedOutReason(desktop) !== null,
      20_000,
    );
    assert.match(signedOutReason(desktop)!, /logged out on every device/);
  });

  it('signs out, saying so, when the password is changed on another device', async () => {
    const eve = await registered('eve');
    const phone = await TestClient.login(system.gatewayUrl(), 'eve');
    await phone.changePassword(TEST_PASSWORD, 'a new password for eve');
    await whenChanged(eve, 'eve signed out', () => signedOutReason(eve) !== null, 20_000);
    assert.match(signedOutReason(eve)!, /password was changed/);
  });

  it('keeps two runs on one machine signed in through rotations of their shared session', async () => {
    const first = await registered('finn');
    const second = run('finn');
    assert.equal(await second.start(), true, 'the second run picks up the saved session');
    await whenChanged(second, 'the second run online', () => online(second), 20_000);

    await sleep(3 * TTL_SECONDS * 1000);

    for (const client of [first, second]) {
      assert.equal(signedOutReason(client), null, 'still signed in: no refresh token was spent twice');
      assert.equal(client.connectionState.kind, 'online');
    }
  });
});

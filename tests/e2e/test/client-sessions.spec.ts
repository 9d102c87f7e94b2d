import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { HTTP_ROUTES } from '@parley/contracts';
import { RequestFailed, TestClient, TestSystem, http, pause, whenChanged } from '@parley/testing';
import { ParleyClient, SessionStore } from '@parley/tui';
import type { ConnectionState } from '@parley/tui';
import { ClientMachines, online } from '../src/client-machines';
import { passwordOf } from '../src/terminal-sessions';

/** Short-lived access tokens, so that several lifetimes pass within a test. */
const TTL_SECONDS = 6;

const signedOutReason = (client: ParleyClient) =>
  client.authStatus.kind === 'signed-out' ? (client.authStatus.reason ?? '') : null;

/** The terminal client's sessions, headless, against the real system: refresh on the connection, logout, sessions ended elsewhere. */
describe('client sessions against the real system', () => {
  let system: TestSystem;
  let machines: ClientMachines;
  const run = (machine: string) => machines.run(machine);
  const registered = (username: string) => machines.person(username);
  const saved = async (machine: string) =>
    (await new SessionStore(machines.sessionDir(machine), system.gatewayUrl()).load())!;

  before(async () => {
    system = await TestSystem.start('client-sessions', {
      extraEnv: { ACCESS_TOKEN_TTL_SECONDS: String(TTL_SECONDS) },
    });
    machines = await ClientMachines.create(() => system.gatewayUrl());
  });

  after(async () => {
    await machines?.dispose();
    await system?.stop();
  });

  async function loggedIn(username: string, machine: string): Promise<ParleyClient> {
    const client = run(machine);
    await client.login({ username, password: passwordOf(username) });
    await whenChanged(client, `${username} online on ${machine}`, () => online(client), 20_000);
    return client;
  }

  it('stays on one connection through several token lifetimes, refreshing on it, and keeps delivering', async () => {
    const ada = await registered('ada');
    const ben = await TestClient.online(system.gatewayUrl(), 'ben');
    await ada.addContact('ben');
    await ben.request('contacts.add', { username: 'ada' });
    const changes: ConnectionState['kind'][] = [];
    ada.events.on('connection', (state) => changes.push(state.kind));
    const before = (await saved('ada')).refreshToken;

    await pause(3 * TTL_SECONDS * 1000);

    assert.deepEqual(changes, [], 'the connection was never lost nor replaced');
    assert.equal(ada.connectionState.kind, 'online');
    assert.notEqual(
      (await saved('ada')).refreshToken,
      before,
      'the tokens were rotated and the new ones saved',
    );
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
    const token = (await saved('cleo')).refreshToken;
    await cleo.logout();
    assert.equal(signedOutReason(cleo), '', 'signed out by choice, with nothing to explain');
    const refused = await http(system.gatewayUrl(), HTTP_ROUTES.refresh, { refreshToken: token }).catch(
      (error: unknown) => error,
    );
    assert.ok(refused instanceof RequestFailed);
    assert.equal(refused.error.code, 'SESSION_ENDED');
  });

  it('signs out every device on logout everywhere, each saying why', async () => {
    const desktop = await registered('dora');
    const laptop = await loggedIn('dora', 'dora-laptop');
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
    const phone = await TestClient.login(system.gatewayUrl(), 'eve', passwordOf('eve'));
    await phone.changePassword(passwordOf('eve'), 'a new password for eve');
    await whenChanged(eve, 'eve signed out', () => signedOutReason(eve) !== null, 20_000);
    assert.match(signedOutReason(eve)!, /password was changed/);
  });

  it('keeps two runs on one machine signed in through rotations of their shared session', async () => {
    const first = await registered('finn');
    const second = run('finn');
    assert.equal(await second.start(), true, 'the second run picks up the saved session');
    await whenChanged(second, 'the second run online', () => online(second), 20_000);

    await pause(3 * TTL_SECONDS * 1000);

    for (const client of [first, second]) {
      assert.equal(signedOutReason(client), null, 'still signed in: no refresh token was spent twice');
      assert.equal(client.connectionState.kind, 'online');
    }
  });
});

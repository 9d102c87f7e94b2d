import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ErrorBody, HTTP_ROUTES, WS_CLOSE } from '@parley/contracts';
import { RequestFailed, TEST_PASSWORD, TestClient, TestSystem, http, pause, refusal } from '@parley/testing';

const NEW_PASSWORD = 'a new and longer passphrase';

/** The status and error body of a refused WebSocket upgrade. */
async function upgradeRefusal(client: TestClient): Promise<{ status: number; error: ErrorBody }> {
  const failure = await client.connect().then(
    () => null,
    (error: Error) => error,
  );
  assert.ok(failure, 'the upgrade was accepted');
  const refused = /^refused (\d+): (.*)$/s.exec(failure.message);
  assert.ok(refused, `not a refused upgrade: ${failure.message}`);
  return { status: Number(refused[1]), error: (JSON.parse(refused[2]!) as { error: ErrorBody }).error };
}

describe('sessions that end', () => {
  let system: TestSystem;
  const clients: TestClient[] = [];
  let serial = 0;

  /** Someone new, registered and logged in, not connected yet. */
  const someone = async (prefix: string): Promise<TestClient> => {
    const client = await TestClient.register(system.gatewayUrl(), `${prefix}${serial++}`);
    clients.push(client);
    return client;
  };
  /** Another session of the same person, as from another device. */
  const otherDevice = async (of: TestClient, password = TEST_PASSWORD): Promise<TestClient> => {
    const client = await TestClient.login(system.gatewayUrl(), of.session!.user.username, password);
    clients.push(client);
    return client;
  };

  before(async () => {
    system = await TestSystem.start('sessions');
  });

  after(async () => {
    for (const client of clients) client.close();
    await system?.stop();
  });

  it('refresh returns a new access and a new refresh token, and the new refresh token works', async () => {
    const ann = await someone('ann');
    const first = ann.session!;
    const second = await ann.refresh();
    assert.notEqual(second.refreshToken, first.refreshToken, 'a new refresh token');
    assert.notEqual(second.accessToken, first.accessToken, 'a new access token');
    assert.deepEqual(second.user, first.user);
    const third = await ann.refresh();
    assert.notEqual(third.refreshToken, second.refreshToken);
  });

  it('a refresh token used twice ends its session: the reuse, the token rotated from it and its socket', async () => {
    const bea = await someone('bea');
    await bea.connect();
    const stolen = bea.session!.refreshToken;
    await bea.refresh();
    const reuse = await refusal(http(system.gatewayUrl(), HTTP_ROUTES.refresh, { refreshToken: stolen }));
    assert.equal(reuse.code, 'SESSION_ENDED');
    assert.match(reuse.message, /used twice/);
    const rotated = await refusal(bea.refresh());
    assert.equal(rotated.code, 'SESSION_ENDED', 'the token rotated from the reused one is refused too');
    const close = await bea.closed();
    assert.equal(close.code, WS_CLOSE.sessionEnded);
    assert.match(close.reason, /used twice/);
  });

  it('of ten concurrent uses of one refresh token exactly one is answered, and the session ends', async () => {
    const kit = await someone('kit');
    const token = kit.session!.refreshToken;
    const answers = await Promise.allSettled(
      Array.from({ length: 10 }, () =>
        http(system.gatewayUrl(), HTTP_ROUTES.refresh, { refreshToken: token }),
      ),
    );
    const answered = answers.filter((a) => a.status === 'fulfilled');
    assert.equal(answered.length, 1, 'one use spends the token');
    for (const answer of answers)
      if (answer.status === 'rejected') {
        assert.ok(answer.reason instanceof RequestFailed, String(answer.reason));
        assert.equal(answer.reason.error.code, 'SESSION_ENDED');
      }
    kit.session = answered[0]!.value as typeof kit.session;
    assert.equal((await refusal(kit.refresh())).code, 'SESSION_ENDED', 'the family is revoked');
  });

  it('logout ends its session (refresh refused, socket closed 4001) and leaves another session open', async () => {
    const cal = await someone('cal');
    const phone = await otherDevice(cal);
    await Promise.all([cal.connect(), phone.connect()]);
    await cal.logout();
    const refused = await refusal(cal.refresh());
    assert.equal(refused.code, 'SESSION_ENDED');
    assert.match(refused.message, /logged out/);
    const close = await cal.closed();
    assert.equal(close.code, WS_CLOSE.sessionEnded);
    assert.match(close.reason, /logged out/);
    await phone.refresh();
    await phone.request('contacts.list', {});
    assert.equal(phone.closeInfo, null, "the phone's connection is still open");
    await cal.logout();
  });

  it('logout refuses a token that is not a valid refresh token', async () => {
    const dee = await someone('dee');
    const garbage = await refusal(
      http(system.gatewayUrl(), HTTP_ROUTES.logout, { refreshToken: 'not-a-token' }),
    );
    assert.equal(garbage.code, 'UNAUTHORIZED');
    const access = await refusal(
      http(system.gatewayUrl(), HTTP_ROUTES.logout, { refreshToken: dee.session!.accessToken }),
    );
    assert.equal(access.code, 'UNAUTHORIZED');
    await dee.refresh();
  });

  it('logging out everywhere ends every session of the user and closes all their sockets', async () => {
    const dan = await someone('dan');
    const laptop = await otherDevice(dan);
    const eve = await someone('eve');
    await Promise.all([dan.connect(), laptop.connect(), eve.connect()]);
    await dan.logout(true);
    for (const device of [dan, laptop]) {
      const close = await device.closed();
      assert.equal(close.code, WS_CLOSE.sessionEnded);
      assert.match(close.reason, /every device/);
      assert.equal((await refusal(device.refresh())).code, 'SESSION_ENDED');
    }
    await eve.refresh();
    assert.equal(eve.closeInfo, null, "someone else's connection is still open");
    const again = await otherDevice(dan);
    await again.connect();
    await again.refresh();
  });

  it('changing the password ends the other sessions, keeps this one, and only the new password logs in', async () => {
    const fay = await someone('fay');
    const tablet = await otherDevice(fay);
    await Promise.all([fay.connect(), tablet.connect()]);
    const wrong = await refusal(fay.changePassword('not the password', NEW_PASSWORD));
    assert.equal(wrong.code, 'INVALID_CREDENTIALS');
    const short = await refusal(fay.changePassword(TEST_PASSWORD, 'short'));
    assert.equal(short.code, 'INVALID_FIELD');
    assert.equal(short.field, 'newPassword');
    assert.equal(tablet.closeInfo, null, 'a refused change ends nothing');

    await fay.changePassword(TEST_PASSWORD, NEW_PASSWORD);
    const close = await tablet.closed();
    assert.equal(close.code, WS_CLOSE.sessionEnded);
    assert.match(close.reason, /password/);
    const refused = await refusal(tablet.refresh());
    assert.equal(refused.code, 'SESSION_ENDED');
    assert.match(refused.message, /password/);

    await fay.refresh();
    await fay.request('contacts.list', {});
    assert.equal(fay.closeInfo, null, 'the session that changed the password is kept');
    const old = await refusal(otherDevice(fay, TEST_PASSWORD));
    assert.equal(old.code, 'INVALID_CREDENTIALS');
    const renewed = await otherDevice(fay, NEW_PASSWORD);
    await renewed.connect();
  });

  it('guesses of the current password are throttled as logins are, with the same counts', async () => {
    const gus = await someone('gus');
    for (let i = 0; i < 5; i++) {
      const wrong = await refusal(gus.changePassword(`guess number ${i}`, NEW_PASSWORD));
      assert.equal(wrong.code, 'INVALID_CREDENTIALS');
    }
    const throttled = await refusal(gus.changePassword(TEST_PASSWORD, NEW_PASSWORD));
    assert.equal(throttled.code, 'TOO_MANY_ATTEMPTS', 'even the right password waits, as a login would');
    assert.ok(throttled.retryAfterMs! > 0);
    const login = await refusal(otherDevice(gus));
    assert.equal(login.code, 'TOO_MANY_ATTEMPTS', 'and a login from the same address too');
  });

  it("session.refresh takes only a refresh token of the connection's own session", async () => {
    const hal = await someone('hal');
    const desktop = await otherDevice(hal);
    const ivy = await someone('ivy');
    await hal.connect();
    for (const stranger of [desktop, ivy]) {
      const refused = await refusal(
        hal.requestWithId('r-' + serial++, 'session.refresh', {
          refreshToken: stranger.session!.refreshToken,
        }),
      );
      assert.equal(refused.code, 'UNAUTHORIZED');
      await stranger.refresh();
    }
    const before = hal.session!;
    const after = await hal.refreshOnSocket();
    assert.notEqual(after.refreshToken, before.refreshToken);
    await hal.request('contacts.list', {});
  });

  it("a gateway started after a logout refuses that session's access token, which has not expired", async () => {
    const gus = await someone('gus');
    const watch = await otherDevice(gus);
    await gus.logout();
    const here = await upgradeRefusal(new TestClient(system.gatewayUrl(0), gus.session));
    assert.equal(here.status, 401);
    assert.equal(here.error.code, 'SESSION_ENDED');

    await system.startService('gateway', 'gateway1', { GATEWAY_ID: 'gw1' });
    const late = await upgradeRefusal(new TestClient(system.gatewayUrl(1), gus.session));
    assert.equal(late.status, 401);
    assert.equal(late.error.code, 'SESSION_ENDED');
    assert.match(late.error.message, /logged out/);
    const live = new TestClient(system.gatewayUrl(1), watch.session);
    clients.push(live);
    await live.connect();
  });
});

describe('access tokens that expire on an open WebSocket', () => {
  const TTL_SECONDS = 5;
  let system: TestSystem;
  const clients: TestClient[] = [];

  before(async () => {
    system = await TestSystem.start('sessionexpiry', {
      extraEnv: { ACCESS_TOKEN_TTL_SECONDS: String(TTL_SECONDS) },
    });
  });

  after(async () => {
    for (const client of clients) client.close();
    await system?.stop();
  });

  it('closes a connection 4002 once its access token expires without a new one', async () => {
    const mia = await TestClient.online(system.gatewayUrl(), 'mia');
    clients.push(mia);
    const close = await mia.closed(TTL_SECONDS * 1000 + 15_000);
    assert.equal(close.code, WS_CLOSE.tokenExpired);
    assert.match(close.reason, /access token expired/);
  });

  it('keeps connections that sent session.refresh in time, and they keep receiving messages', async () => {
    const [jon, kim] = await Promise.all(
      ['jon', 'kim'].map((name) => TestClient.online(system.gatewayUrl(), name)),
    );
    clients.push(jon!, kim!);
    const firstExpiry = Math.max(...[jon!, kim!].map((c) => Date.parse(c.session!.expiresAt)));
    // They refresh every second, as a client does ahead of expiresAt.
    let refreshing = true;
    const keepFresh = async (client: TestClient) => {
      while (refreshing) {
        await client.refreshOnSocket();
        await pause(1000);
      }
    };
    const loops = Promise.all([keepFresh(jon!), keepFresh(kim!)]);
    /** Waits for `step`, or fails at once with the first refresh that failed. */
    const alongside = <T>(step: Promise<T>) => Promise.race([step, loops.then(() => step)]);
    try {
      await alongside(TestClient.befriend(jon!, kim!));
      const wait = Math.max(0, firstExpiry + 3000 - Date.now());
      await alongside(pause(wait));
      await alongside(kim!.deliver(jon!, 'still here after the first tokens expired'));
      assert.equal(jon!.closeInfo, null);
      assert.equal(kim!.closeInfo, null);
    } finally {
      refreshing = false;
      await loops;
    }
  });
});

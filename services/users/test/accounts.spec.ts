import { EventTap } from '@parley/testing';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { signRefreshToken, verifyAccessToken } from '@parley/auth';
import { ParleyError, PublicUser, UserRegistered, usersRpc } from '@parley/contracts';
import mongoose from 'mongoose';
import { randomUUID } from 'node:crypto';
import { ADDRESS, JWT_SECRET, PASSWORD, UsersHarness, aSession, rejectsWith } from './harness';

describe('users: registration', () => {
  let h: UsersHarness;
  let events: EventTap;
  before(async () => {
    h = await UsersHarness.start('register');
    events = await h.listen(['user.registered.*']);
  });
  after(async () => {
    await events?.close();
    await h?.stop();
  });

  it('trims and normalizes, returns only the public profile, and announces user.registered', async () => {
    const user = await h.rpc.call(usersRpc.register, {
      firstName: '  Marie-Thérèse ',
      lastName: "O'Neil",
      email: ' Marie@Example.COM ',
      username: '  Marie.T_1 ',
      password: PASSWORD,
    });
    assert.deepEqual(Object.keys(user).sort(), ['firstName', 'lastName', 'userId', 'username']);
    assert.equal(user.username, 'marie.t_1');
    assert.equal(user.firstName, 'Marie-Thérèse');
    assert.equal(user.lastName, "O'Neil");
    const { routingKey, event } = await events.waitFor(
      (e) => (e.event.data as PublicUser).userId === user.userId,
    );
    assert.equal(routingKey, UserRegistered.binding(user.userId));
    assert.equal(event.type, UserRegistered.type);
    assert.deepEqual(UserRegistered.envelope.parse(event).data, user);
  });

  it('refuses a username taken in any case with USERNAME_TAKEN', async () => {
    await h.register({ username: 'casey', email: 'casey1@example.com' });
    await rejectsWith(
      h.register({ username: 'CASEY', email: 'casey2@example.com' }),
      'USERNAME_TAKEN',
      'username',
    );
  });

  it('refuses an email taken in any case with EMAIL_TAKEN', async () => {
    await h.register({ email: 'Dana@Example.com' });
    await rejectsWith(h.register({ email: 'dana@EXAMPLE.com' }), 'EMAIL_TAKEN', 'email');
  });

  it('takes over a username and email whose registration died before storing the user, once they are old', async () => {
    const db = await mongoose.createConnection(h.ns.mongoUrl).asPromise();
    try {
      const claim = (claimedAt: Date) => ({ userId: randomUUID(), claimedAt });
      const old = claim(new Date(Date.now() - 120_000));
      await db.collection('logins').insertOne({ _id: 'ghost', ...old, passwordHash: 'x' } as never);
      await db.collection('emails').insertOne({ _id: 'ghost@example.com', ...old } as never);
      const fresh = claim(new Date());
      await db.collection('logins').insertOne({ _id: 'pending', ...fresh, passwordHash: 'x' } as never);

      const ghost = await h.register({ username: 'ghost', email: 'ghost@example.com' });
      const session = await h.rpc.call(usersRpc.login, {
        username: 'ghost',
        password: PASSWORD,
        address: ADDRESS,
      });
      assert.equal(session.user.userId, ghost.userId);
      // A claim this young may be a registration still under way: it is left alone.
      await rejectsWith(h.register({ username: 'pending' }), 'USERNAME_TAKEN', 'username');
    } finally {
      await db.close();
    }
  });

  it('gives one account to 25 concurrent registrations of one username', async () => {
    const attempts = await Promise.allSettled(
      Array.from({ length: 25 }, (_, i) =>
        h.register({ username: 'Racer', email: `racer${i}@example.com`, password: `password-${i}` }),
      ),
    );
    const won = attempts.filter((a) => a.status === 'fulfilled');
    const lost = attempts.filter((a): a is PromiseRejectedResult => a.status === 'rejected');
    assert.equal(won.length, 1);
    for (const l of lost) assert.equal((l.reason as ParleyError).code, 'USERNAME_TAKEN');
    const winner = attempts.findIndex((a) => a.status === 'fulfilled');
    const session = await h.rpc.call(usersRpc.login, {
      username: 'racer',
      password: `password-${winner}`,
      address: ADDRESS,
    });
    assert.equal(session.user.userId, (won[0] as PromiseFulfilledResult<PublicUser>).value.userId);
  });

  it('gives one account to 25 concurrent registrations of one email, and frees the usernames of the others', async () => {
    const attempts = await Promise.allSettled(
      Array.from({ length: 25 }, (_, i) =>
        h.register({ username: `mailer${i}`, email: 'Shared@Example.com' }),
      ),
    );
    assert.equal(attempts.filter((a) => a.status === 'fulfilled').length, 1);
    const lost = attempts.flatMap((a, i) =>
      a.status === 'rejected' ? [{ i, error: a.reason as ParleyError }] : [],
    );
    for (const { error } of lost) assert.equal(error.code, 'EMAIL_TAKEN');
    const loser = lost[0]!.i;
    const again = await h.register({ username: `mailer${loser}`, email: 'elsewhere@example.com' });
    assert.equal(again.username, `mailer${loser}`);
  });

  it('never writes a password to its logs', () => {
    assert.ok(!h.service.logs.some((line) => line.includes(PASSWORD)));
  });
});

describe('users: login, throttling and refresh', () => {
  let h: UsersHarness;
  let user: PublicUser;
  before(async () => {
    h = await UsersHarness.start('login');
    user = await h.register({ username: 'linus', email: 'linus@example.com' });
  });
  after(async () => h?.stop());

  it('logs in case-insensitively and gives a verifiable access token that expires', async () => {
    const session = await h.rpc.call(usersRpc.login, {
      username: ' LINUS ',
      password: PASSWORD,
      address: ADDRESS,
    });
    assert.deepEqual(session.user, user);
    const claims = verifyAccessToken(session.accessToken, JWT_SECRET);
    const { sid, began, exp, jti: _jti, ...identity } = claims;
    assert.deepEqual(identity, { sub: user.userId, username: 'linus', typ: 'access' });
    assert.match(sid, /^[0-9a-f-]{36}$/, 'a session id');
    assert.ok(Math.abs(began - Date.now()) < 60_000, 'the session began with this login');
    assert.equal(exp * 1000, Date.parse(session.expiresAt));
    const ttl = Date.parse(session.expiresAt) - Date.now();
    assert.ok(ttl > 800_000 && ttl <= 900_000, `access token lives ${ttl} ms`);
    assert.throws(
      () => verifyAccessToken(session.accessToken, 'some-other-secret-of-32-characters-or-more'),
      /not valid/,
    );
  });

  it('gives the same error for a wrong password and an unknown username', async () => {
    const wrong = await rejectsWith(
      h.rpc.call(usersRpc.login, { username: 'linus', password: 'not the password', address: ADDRESS }),
      'INVALID_CREDENTIALS',
    );
    const unknown = await rejectsWith(
      h.rpc.call(usersRpc.login, { username: 'nobody_at_all', password: PASSWORD, address: ADDRESS }),
      'INVALID_CREDENTIALS',
    );
    assert.deepEqual(wrong.toBody(), unknown.toBody());
    await h.rpc.call(usersRpc.login, { username: 'linus', password: PASSWORD, address: ADDRESS });
  });

  const login = (username: string, password: string, address = ADDRESS) =>
    h.rpc.call(usersRpc.login, { username, password, address });

  it('throttles a username from one address after 5 failures, stating the wait, even for the right password', async () => {
    const victim = await h.register({ username: 'victim', email: 'victim@example.com' });
    for (let i = 0; i < 5; i++)
      await rejectsWith(login('victim', `guess-${i}-wrong`, '10.0.0.1'), 'INVALID_CREDENTIALS');
    const refused = await rejectsWith(login('Victim', PASSWORD, '10.0.0.1'), 'TOO_MANY_ATTEMPTS', 'username');
    const wait = refused.details.retryAfterMs!;
    assert.ok(wait > 0 && wait <= 30_000, `retryAfterMs ${wait}`);
    assert.match(refused.message, new RegExp(`try again in ${Math.ceil(wait / 1000)} s`));
    // Neither the owner elsewhere nor others are affected.
    assert.equal((await login('victim', PASSWORD, '10.0.0.2')).user.userId, victim.userId);
    assert.equal((await login('linus', PASSWORD, '10.0.0.1')).user.userId, user.userId);
  });

  it('keeps the counts in the database by string _id, and never stores a name that cannot exist', async () => {
    await rejectsWith(login('counted', 'wrong-password', '10.0.1.1'), 'INVALID_CREDENTIALS');
    await rejectsWith(login('gr\u0000ace', 'wrong-password', '10.0.1.1'), 'INVALID_CREDENTIALS');
    const db = await mongoose.createConnection(h.ns.mongoUrl).asPromise();
    try {
      const docs = await db
        .collection<{ _id: string; failures: number }>('login_failures')
        .find({ _id: { $in: ['name:counted@10.0.1.1', 'client:10.0.1.1'] } })
        .toArray();
      assert.deepEqual(docs.map((d) => [d._id, d.failures]).sort(), [
        ['client:10.0.1.1', 2],
        ['name:counted@10.0.1.1', 1],
      ]);
      const all = await db.collection('login_failures').find({}).toArray();
      assert.ok(!all.some((d) => String(d._id).includes('\u0000')), 'the NUL name is not stored');
    } finally {
      await db.close();
    }
  });

  it('counts a failure forgotten once its entry has expired, even before it is swept', async () => {
    const db = await mongoose.createConnection(h.ns.mongoUrl).asPromise();
    try {
      const past = new Date(Date.now() - 1000);
      const entry = { _id: 'name:linus@10.0.2.1', failures: 100, lastFailureAt: past, expiresAt: past };
      await db.collection('login_failures').insertOne(entry as never);
      assert.equal((await login('linus', PASSWORD, '10.0.2.1')).user.userId, user.userId);
    } finally {
      await db.close();
    }
  });

  it('throttles a burst of concurrent guesses to the limit', async () => {
    await h.register({ username: 'burst', email: 'burst@example.com' });
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, () => login('burst', 'wrong-password', '10.0.3.1')),
    );
    const codes = results.map((r) => (r.status === 'rejected' ? (r.reason as ParleyError).code : 'OK'));
    assert.equal(codes.filter((c) => c === 'INVALID_CREDENTIALS').length, 5);
    assert.equal(codes.filter((c) => c === 'TOO_MANY_ATTEMPTS').length, 7);
  });

  it('throttles unknown usernames as well', async () => {
    for (let i = 0; i < 5; i++)
      await rejectsWith(login('ghost', 'whatever-1', '10.0.4.1'), 'INVALID_CREDENTIALS');
    await rejectsWith(login('ghost', 'whatever-1', '10.0.4.1'), 'TOO_MANY_ATTEMPTS');
  });

  it('starts a username afresh from an address after a successful login there', async () => {
    for (let i = 0; i < 4; i++)
      await rejectsWith(login('linus', 'wrong-password', '10.0.5.1'), 'INVALID_CREDENTIALS');
    await login('linus', PASSWORD, '10.0.5.1');
    for (let i = 0; i < 5; i++)
      await rejectsWith(login('linus', 'wrong-password', '10.0.5.1'), 'INVALID_CREDENTIALS');
    await rejectsWith(login('linus', PASSWORD, '10.0.5.1'), 'TOO_MANY_ATTEMPTS');
  });

  it('refreshes a session with its refresh token, and refuses an access token in its place', async () => {
    const session = await h.rpc.call(usersRpc.login, {
      username: 'linus',
      password: PASSWORD,
      address: ADDRESS,
    });
    const renewed = await h.rpc.call(usersRpc.refresh, { refreshToken: session.refreshToken });
    assert.deepEqual(renewed.user, user);
    assert.equal(verifyAccessToken(renewed.accessToken, JWT_SECRET).sub, user.userId);
    assert.throws(() => verifyAccessToken(session.refreshToken, JWT_SECRET), /not valid/);
    await rejectsWith(h.rpc.call(usersRpc.refresh, { refreshToken: session.accessToken }), 'UNAUTHORIZED');
    await rejectsWith(
      h.rpc.call(usersRpc.refresh, {
        refreshToken: signRefreshToken(aSession(user.userId), JWT_SECRET, -1).token,
      }),
      'TOKEN_EXPIRED',
    );
  });
});

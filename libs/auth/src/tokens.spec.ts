import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import jwt from 'jsonwebtoken';
import { ParleyError } from '@parley/contracts';
import {
  sessionOf,
  signAccessToken,
  signRefreshToken,
  verifyAccessToken,
  verifyRefreshToken,
} from './tokens';

const secret = 'a-test-secret-that-is-long-enough-0123456789';
const user = { userId: '0b7e8a5c-1d2f-4a3b-9c4d-5e6f7a8b9c0d', username: 'ada' };
const session = {
  userId: user.userId,
  sessionId: '5f0c7e1a-2b3c-4d5e-8f90-a1b2c3d4e5f6',
  begunAt: 1_796_000_000_123,
};
const claims = {
  sub: user.userId,
  username: 'ada',
  typ: 'access',
  sid: session.sessionId,
  began: session.begunAt,
};
const signed = { ...claims, jti: '7d3e9a10-4b5c-4d6e-9f01-23456789abcd' };

function refusedWith(code: string, reason?: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof ParleyError, `expected a ParleyError, got ${String(error)}`);
    assert.equal(error.code, code);
    if (reason) assert.match(error.details.reason ?? '', reason);
    return true;
  };
}

describe('access tokens', () => {
  it('carry the user and the session, and expire after their time to live', () => {
    const before = Date.now();
    const { token, expiresAt } = signAccessToken(user, session, secret, 900);
    const verified = verifyAccessToken(token, secret);
    const { jti, ...rest } = verified;
    assert.deepEqual(rest, { ...claims, exp: expiresAt.getTime() / 1000 });
    assert.notEqual(jti, verifyAccessToken(signAccessToken(user, session, secret, 900).token, secret).jti);
    assert.deepEqual(sessionOf(verified), session);
    const ttl = expiresAt.getTime() - before;
    assert.ok(ttl > 898_000 && ttl <= 900_000, `expiry ${ttl} ms away`);
  });

  it('are refused once expired, with TOKEN_EXPIRED', () => {
    const { token } = signAccessToken(user, session, secret, -10);
    assert.throws(() => verifyAccessToken(token, secret), refusedWith('TOKEN_EXPIRED'));
  });

  it('are refused when signed with another secret', () => {
    const { token } = signAccessToken(user, session, 'another-secret-that-is-also-long-enough-42', 900);
    assert.throws(() => verifyAccessToken(token, secret), refusedWith('UNAUTHORIZED', /signature/));
  });

  it('are refused when tampered with', () => {
    const { token } = signAccessToken(user, session, secret, 900);
    const [header, , signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...signed, username: 'root', exp: 9_999_999_999 })).toString(
      'base64url',
    );
    assert.throws(
      () => verifyAccessToken(`${header}.${forged}.${signature}`, secret),
      refusedWith('UNAUTHORIZED'),
    );
  });

  it('are refused unsigned (alg none) or signed with another algorithm', () => {
    const unsigned = jwt.sign(signed, '', { algorithm: 'none' });
    assert.throws(() => verifyAccessToken(unsigned, secret), refusedWith('UNAUTHORIZED'));
    const hs512 = jwt.sign(signed, secret, { algorithm: 'HS512', expiresIn: 900 });
    assert.throws(() => verifyAccessToken(hs512, secret), refusedWith('UNAUTHORIZED', /algorithm/));
  });

  it('are refused when not a JWT at all', () => {
    for (const garbage of ['', 'not-a-token', 'a.b.c', '{"sub":"x"}']) {
      assert.throws(() => verifyAccessToken(garbage, secret), refusedWith('UNAUTHORIZED'));
    }
  });

  it('are refused when validly signed but with claims of another shape, or of no session', () => {
    for (const wrong of [
      { ...claims, sub: 'not-a-uuid' },
      { sub: user.userId, username: 'ada', typ: 'access' },
    ]) {
      const token = jwt.sign(wrong, secret, { algorithm: 'HS256', expiresIn: 900 });
      assert.throws(() => verifyAccessToken(token, secret), refusedWith('UNAUTHORIZED', /access token/));
    }
  });
});

describe('refresh tokens', () => {
  it('carry the session and an id of their own, and verify as refresh tokens only', () => {
    const one = signRefreshToken(session, secret, 3600);
    const two = signRefreshToken(session, secret, 3600);
    const verified = verifyRefreshToken(one.token, secret);
    assert.deepEqual(sessionOf(verified), session);
    assert.equal(verified.typ, 'refresh');
    assert.equal(verified.exp, one.expiresAt.getTime() / 1000);
    assert.notEqual(verified.jti, verifyRefreshToken(two.token, secret).jti, 'each token has its own id');
    assert.throws(() => verifyAccessToken(one.token, secret), refusedWith('UNAUTHORIZED', /access token/));
  });

  it('are not accepted in place of an access token the other way round either', () => {
    const { token } = signAccessToken(user, session, secret, 900);
    assert.throws(() => verifyRefreshToken(token, secret), refusedWith('UNAUTHORIZED', /refresh token/));
  });

  it('are refused once expired', () => {
    const { token } = signRefreshToken(session, secret, -1);
    assert.throws(() => verifyRefreshToken(token, secret), refusedWith('TOKEN_EXPIRED'));
  });
});

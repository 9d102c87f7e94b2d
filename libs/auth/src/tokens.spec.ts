import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import jwt from 'jsonwebtoken';
import { ParleyError } from '@parley/contracts';
import { signAccessToken, signRefreshToken, verifyAccessToken, verifyRefreshToken } from './tokens';

const secret = 'a-test-secret-that-is-long-enough-0123456789';
const user = { userId: '0b7e8a5c-1d2f-4a3b-9c4d-5e6f7a8b9c0d', username: 'ada' };

function refusedWith(code: string, reason?: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof ParleyError, `expected a ParleyError, got ${String(error)}`);
    assert.equal(error.code, code);
    if (reason) assert.match(error.details.reason ?? '', reason);
    return true;
  };
}

describe('access tokens', () => {
  it('carry the user and expire after their time to live', () => {
    const before = Date.now();
    const { token, expiresAt } = signAccessToken(user, secret, 900);
    assert.deepEqual(verifyAccessToken(token, secret), { sub: user.userId, username: 'ada', typ: 'access' });
    const ttl = expiresAt.getTime() - before;
    assert.ok(ttl > 898_000 && ttl <= 900_000, `expiry ${ttl} ms away`);
  });

  it('are refused once expired, with TOKEN_EXPIRED', () => {
    const { token } = signAccessToken(user, secret, -10);
    assert.throws(() => verifyAccessToken(token, secret), refusedWith('TOKEN_EXPIRED'));
  });

  it('are refused when signed with another secret', () => {
    const { token } = signAccessToken(user, 'another-secret-that-is-also-long-enough-42', 900);
    assert.throws(() => verifyAccessToken(token, secret), refusedWith('UNAUTHORIZED', /signature/));
  });

  it('are refused when tampered with', () => {
    const { token } = signAccessToken(user, secret, 900);
    const [header, , signature] = token.split('.');
    const forged = Buffer.from(
      JSON.stringify({ sub: user.userId, username: 'root', typ: 'access', exp: 9_999_999_999 }),
    ).toString('base64url');
    assert.throws(
      () => verifyAccessToken(`${header}.${forged}.${signature}`, secret),
      refusedWith('UNAUTHORIZED'),
    );
  });

  it('are refused unsigned (alg none) or signed with another algorithm', () => {
    const unsigned = jwt.sign({ sub: user.userId, username: 'ada', typ: 'access' }, '', {
      algorithm: 'none',
    });
    assert.throws(() => verifyAccessToken(unsigned, secret), refusedWith('UNAUTHORIZED'));
    const hs512 = jwt.sign({ sub: user.userId, username: 'ada', typ: 'access' }, secret, {
      algorithm: 'HS512',
    });
    assert.throws(() => verifyAccessToken(hs512, secret), refusedWith('UNAUTHORIZED', /algorithm/));
  });

  it('are refused when not a JWT at all', () => {
    for (const garbage of ['', 'not-a-token', 'a.b.c', '{"sub":"x"}']) {
      assert.throws(() => verifyAccessToken(garbage, secret), refusedWith('UNAUTHORIZED'));
    }
  });

  it('are refused when validly signed but with claims of another shape', () => {
    const token = jwt.sign({ sub: 'not-a-uuid', username: 'ada', typ: 'access' }, secret, {
      algorithm: 'HS256',
    });
    assert.throws(() => verifyAccessToken(token, secret), refusedWith('UNAUTHORIZED', /access token/));
  });
});

describe('refresh tokens', () => {
  it('verify as refresh tokens and never as access tokens', () => {
    const { token } = signRefreshToken(user.userId, secret, 3600);
    assert.deepEqual(verifyRefreshToken(token, secret), { sub: user.userId, typ: 'refresh' });
    assert.throws(() => verifyAccessToken(token, secret), refusedWith('UNAUTHORIZED', /access token/));
  });

  it('are not accepted in place of an access token the other way round either', () => {
    const { token } = signAccessToken(user, secret, 900);
    assert.throws(() => verifyRefreshToken(token, secret), refusedWith('UNAUTHORIZED', /refresh token/));
  });

  it('are refused once expired', () => {
    const { token } = signRefreshToken(user.userId, secret, -1);
    assert.throws(() => verifyRefreshToken(token, secret), refusedWith('TOKEN_EXPIRED'));
  });
});

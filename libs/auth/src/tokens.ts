import jwt from 'jsonwebtoken';
import { KeyObject, createSecretKey } from 'node:crypto';
import { AccessClaims, ParleyError, SessionId, SessionRef, UserId } from '@parley/contracts';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';

const ALGORITHM = 'HS256';

/** `jti` names this one token of its session's family: spending it records that id. */
const RefreshClaims = z.object({
  sub: UserId,
  typ: z.literal('refresh'),
  sid: SessionId,
  began: z.number().int().nonnegative(),
  jti: z.uuid(),
  exp: z.number().int(),
});
export type RefreshClaims = z.infer<typeof RefreshClaims>;

export interface SignedToken {
  token: string;
  expiresAt: Date;
}

export function signAccessToken(
  user: { userId: string; username: string },
  session: Omit<SessionRef, 'userId'>,
  secret: string,
  ttlSeconds: number,
): SignedToken {
  const claims: Omit<AccessClaims, 'exp'> = {
    sub: user.userId,
    username: user.username,
    typ: 'access',
    sid: session.sessionId,
    began: session.begunAt,
    jti: randomUUID(),
  };
  return sign(claims, secret, ttlSeconds);
}

/** A refresh token of its own, new `jti`, in the session given. */
export function signRefreshToken(session: SessionRef, secret: string, ttlSeconds: number): SignedToken {
  const claims: Omit<RefreshClaims, 'exp'> = {
    sub: session.userId,
    typ: 'refresh',
    sid: session.sessionId,
    began: session.begunAt,
    jti: randomUUID(),
  };
  return sign(claims, secret, ttlSeconds);
}

export function sessionOf(claims: AccessClaims | RefreshClaims): SessionRef {
  return { userId: claims.sub, sessionId: claims.sid, begunAt: claims.began };
}

/** Verifies signature, algorithm and expiry, then the claims: a refresh token is never accepted as an access token. */
export function verifyAccessToken(token: string, secret: string): AccessClaims {
  return verify(token, secret, AccessClaims, 'an access token');
}

export function verifyRefreshToken(token: string, secret: string): RefreshClaims {
  return verify(token, secret, RefreshClaims, 'a refresh token');
}

function sign(claims: object, secret: string, ttlSeconds: number): SignedToken {
  const issuedAt = Math.floor(Date.now() / 1000);
  const exp = issuedAt + ttlSeconds;
  const token = jwt.sign({ ...claims, iat: issuedAt, exp }, keyOf(secret), { algorithm: ALGORITHM });
  return { token, expiresAt: new Date(exp * 1000) };
}

function verify<S extends z.ZodType>(token: string, secret: string, schema: S, what: string): z.infer<S> {
  let payload: unknown;
  try {
    // Pinning the algorithm refuses "none" and any token whose header asks for another one.
    payload = jwt.verify(token, keyOf(secret), { algorithms: [ALGORITHM] });
  } catch (error) {
    if (error instanceof jwt.TokenExpiredError)
      throw new ParleyError('TOKEN_EXPIRED', 'the token has expired; refresh it or log in again');
    throw new ParleyError('UNAUTHORIZED', 'the token is not valid', { reason: (error as Error).message });
  }
  const claims = schema.safeParse(payload);
  if (!claims.success)
    throw new ParleyError('UNAUTHORIZED', 'the token is not valid', { reason: `not ${what}` });
  return claims.data;
}

/**
 * Given a string, jsonwebtoken first tries to parse it as a PEM key (a slow OpenSSL decoder
 * that fails and throws) before treating it as a secret: most of a login's CPU. A KeyObject
 * made once skips both.
 */
const keys = new Map<string, KeyObject>();
function keyOf(secret: string): KeyObject {
  let key = keys.get(secret);
  if (!key) keys.set(secret, (key = createSecretKey(Buffer.from(secret, 'utf8'))));
  return key;
}

import jwt from 'jsonwebtoken';
import { AccessClaims, ParleyError, UserId } from '@parley/contracts';
import { z } from 'zod';

const ALGORITHM = 'HS256';

const RefreshClaims = z.object({ sub: UserId, typ: z.literal('refresh') });
export type RefreshClaims = z.infer<typeof RefreshClaims>;

export interface SignedToken {
  token: string;
  expiresAt: Date;
}

export function signAccessToken(
  user: { userId: string; username: string },
  secret: string,
  ttlSeconds: number,
): SignedToken {
  const claims: AccessClaims = { sub: user.userId, username: user.username, typ: 'access' };
  return sign(claims, secret, ttlSeconds);
}

export function signRefreshToken(userId: string, secret: string, ttlSeconds: number): SignedToken {
  const claims: RefreshClaims = { sub: userId, typ: 'refresh' };
  return sign(claims, secret, ttlSeconds);
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
  const token = jwt.sign({ ...claims, iat: issuedAt, exp }, secret, { algorithm: ALGORITHM });
  return { token, expiresAt: new Date(exp * 1000) };
}

function verify<S extends z.ZodType>(token: string, secret: string, schema: S, what: string): z.infer<S> {
  let payload: unknown;
  try {
    // Pinning the algorithm refuses "none" and any token whose header asks for another one.
    payload = jwt.verify(token, secret, { algorithms: [ALGORITHM] });
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

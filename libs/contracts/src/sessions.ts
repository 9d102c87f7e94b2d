import { z } from 'zod';
import { defineEvent } from './envelope';
import { ParleyError } from './errors';
import { Timestamp, UserId } from './primitives';

/**
 * A session is one login: the family of refresh tokens rotated from it, and the access tokens
 * issued with them, all carrying its id. It ends by logout, by a password change elsewhere, or
 * when one of its refresh tokens is used twice (a sign that it was copied).
 */
export const SessionId = z.uuid();
export type SessionId = z.infer<typeof SessionId>;

export const SessionEndReason = z.enum([
  'logged out',
  'logged out everywhere',
  'password changed',
  'refresh token reused',
]);
export type SessionEndReason = z.infer<typeof SessionEndReason>;

/** What a revocation is checked against: a session, its user, and when it began (ms since the epoch). */
export interface SessionRef {
  userId: string;
  sessionId: string;
  begunAt: number;
}

/**
 * Sessions of one user that ended: those named, and, with `begunBefore`, every one begun before
 * that time except `except`. `until` is when the last access token they could hold expires; after
 * it, a gateway has nothing left to refuse and forgets the revocation.
 */
export const SessionRevocation = z.object({
  userId: UserId,
  sessionIds: z.array(SessionId).max(16),
  begunBefore: Timestamp.nullable(),
  except: SessionId.nullable(),
  reason: SessionEndReason,
  until: Timestamp,
});
export type SessionRevocation = z.infer<typeof SessionRevocation>;

export const SessionsRevoked = defineEvent('sessions.revoked', 1, SessionRevocation, {
  routedBy: { segment: 'userId', of: (revocation) => revocation.userId },
});

/** "Every session begun before `before` (ms since the epoch) has ended, except `except`." */
export interface Cutoff {
  before: number;
  except: string | null;
}

export const isCutOff = (cutoff: Cutoff, session: SessionRef): boolean =>
  session.begunAt < cutoff.before && session.sessionId !== cutoff.except;

export function revokes(revocation: SessionRevocation, session: SessionRef): boolean {
  if (revocation.userId !== session.userId) return false;
  if (revocation.sessionIds.includes(session.sessionId)) return true;
  const { begunBefore, except } = revocation;
  return begunBefore !== null && isCutOff({ before: Date.parse(begunBefore), except }, session);
}

/** Why a session ended, as the error refusing one of its tokens says it. */
export const SESSION_ENDED_BECAUSE: Record<SessionEndReason, string> = {
  'logged out': 'the session ended: it was logged out; log in again',
  'logged out everywhere': 'the session ended: its user logged out on every device; log in again',
  'password changed': 'the session ended: the password was changed; log in with the new one',
  'refresh token reused':
    'the session ended: one of its refresh tokens was used twice, so it may have been copied; log in again',
};

/** The refusal of a token of an ended session; `reason` is the SessionEndReason. */
export const sessionEnded = (reason: SessionEndReason) =>
  new ParleyError('SESSION_ENDED', SESSION_ENDED_BECAUSE[reason], { reason });

/** The reason sent with close code 4001, by why the session ended (a close reason has at most 123 bytes). */
export const SESSION_CLOSE_REASONS: Record<SessionEndReason, string> = {
  'logged out': 'you logged out of this session',
  'logged out everywhere': 'you logged out on every device',
  'password changed': 'your password was changed; log in with the new one',
  'refresh token reused': 'a refresh token of this session was used twice; log in again',
};

export const TOKEN_EXPIRED_CLOSE_REASON =
  'your access token expired; send session.refresh before it does, or connect again';

import { Inject, Injectable } from '@nestjs/common';
import {
  RefreshClaims,
  sessionOf,
  signAccessToken,
  signRefreshToken,
  verifyRefreshToken,
} from '@parley/auth';
import {
  PublicUser,
  Session,
  SessionEndReason,
  SessionRef,
  SessionRevocation,
  SessionsRevoked,
  envelope,
  isCutOff,
  sessionEnded,
} from '@parley/contracts';
import { CONFIG } from '@parley/platform';
import { randomUUID } from 'node:crypto';
import { UsersConfig } from '../config';
import { Announcer } from '../events/announcer';
import { SessionsRepository } from './sessions.repository';

/**
 * A refresh checked just before its session ended may still sign tokens, until its caller's RPC
 * deadline (at most 60 s) has passed: what ends a session is kept that much longer than the
 * tokens it knows of.
 */
const IN_FLIGHT_MS = 60_000;

/** Which sessions of a user ended, and why. */
interface EndedSessions {
  userId: string;
  sessionIds: string[];
  begunBefore: Date | null;
  except: string | null;
  reason: SessionEndReason;
}

/**
 * Sessions: one per login, a family of refresh tokens each spent once. A token spent twice ends
 * its whole family (OAuth 2.0 Security BCP, refresh token rotation), since one of the two users
 * holds a copy. Whatever ends sessions is announced to the gateways, which close their sockets
 * and refuse their access tokens until those expire.
 */
@Injectable()
export class SessionsService {
  constructor(
    @Inject(SessionsRepository) private readonly repository: SessionsRepository,
    @Inject(Announcer) private readonly announcer: Announcer,
    @Inject(CONFIG) private readonly config: UsersConfig,
  ) {}

  /** A new session for someone who just proved who they are. */
  begin(user: PublicUser): Session {
    return this.issue(user, { userId: user.userId, sessionId: randomUUID(), begunAt: Date.now() });
  }

  issue(user: PublicUser, session: SessionRef): Session {
    const { JWT_SECRET, ACCESS_TOKEN_TTL_SECONDS, REFRESH_TOKEN_TTL_SECONDS } = this.config;
    const access = signAccessToken(user, session, JWT_SECRET, ACCESS_TOKEN_TTL_SECONDS);
    const refresh = signRefreshToken(session, JWT_SECRET, REFRESH_TOKEN_TTL_SECONDS);
    return {
      accessToken: access.token,
      refreshToken: refresh.token,
      expiresAt: access.expiresAt.toISOString(),
      user,
    };
  }

  /**
   * Spends a refresh token of a live session, once: the insert of its id is what decides, so of
   * two concurrent uses exactly one succeeds, and the other ends the session.
   */
  async spend(refreshToken: string): Promise<RefreshClaims> {
    const claims = verifyRefreshToken(refreshToken, this.config.JWT_SECRET);
    const session = sessionOf(claims);
    await this.assertLive(session);
    if (!(await this.repository.spend(claims.jti, claims.sid, new Date(claims.exp * 1000)))) {
      await this.endOne(session, 'refresh token reused');
      throw sessionEnded('refresh token reused');
    }
    return claims;
  }

  /** Ends the token's session, or every session of its user; a session already ended is left as it is. */
  async logout(refreshToken: string, everywhere: boolean): Promise<void> {
    const session = sessionOf(verifyRefreshToken(refreshToken, this.config.JWT_SECRET));
    if (await this.endReason(session)) return;
    if (!everywhere) return this.endOne(session, 'logged out');
    const now = new Date();
    const reason = 'logged out everywhere';
    await this.repository.end(this.endedRecord(session, reason, now));
    await this.cutOff(session.userId, null, reason, now);
    await this.announce(
      { userId: session.userId, sessionIds: [session.sessionId], begunBefore: now, except: null, reason },
      now,
    );
  }

  /** After a password change: every session of the user but this one ends. */
  async endOthers(session: SessionRef): Promise<void> {
    const now = new Date();
    const reason = 'password changed';
    await this.cutOff(session.userId, session.sessionId, reason, now);
    await this.announce(
      { userId: session.userId, sessionIds: [], begunBefore: now, except: session.sessionId, reason },
      now,
    );
  }

  async assertLive(session: SessionRef): Promise<void> {
    const reason = await this.endReason(session);
    if (reason) throw sessionEnded(reason);
  }

  revocationsInForce(): Promise<SessionRevocation[]> {
    return this.repository.revocationsInForce(new Date());
  }

  private async endReason(session: SessionRef): Promise<SessionEndReason | null> {
    const [ended, cutoff] = await Promise.all([
      this.repository.findEnded(session.sessionId),
      this.repository.findCutoff(session.userId),
    ]);
    if (ended) return ended.reason;
    if (cutoff && isCutOff({ before: cutoff.before.getTime(), except: cutoff.except }, session))
      return cutoff.reason;
    return null;
  }

  private async endOne(session: SessionRef, reason: SessionEndReason): Promise<void> {
    const now = new Date();
    // Ended already: its revocation was announced then.
    if (!(await this.repository.end(this.endedRecord(session, reason, now)))) return;
    await this.announce(
      { userId: session.userId, sessionIds: [session.sessionId], begunBefore: null, except: null, reason },
      now,
    );
  }

  private cutOff(userId: string, except: string | null, reason: SessionEndReason, now: Date) {
    return this.repository.cutOff(userId, {
      before: now,
      except,
      reason,
      expiresAt: this.lastRefreshExpiry(now),
    });
  }

  private endedRecord(session: SessionRef, reason: SessionEndReason, now: Date) {
    const { sessionId: _id, userId } = session;
    return { _id, userId, reason, endedAt: now, expiresAt: this.lastRefreshExpiry(now) };
  }

  /** Stored before it is published, so that a gateway that starts after the publish loads it. */
  private async announce(ended: EndedSessions, now: Date): Promise<void> {
    const until = now.getTime() + this.config.ACCESS_TOKEN_TTL_SECONDS * 1000 + IN_FLIGHT_MS;
    const revocation: SessionRevocation = {
      userId: ended.userId,
      sessionIds: ended.sessionIds,
      begunBefore: ended.begunBefore?.toISOString() ?? null,
      except: ended.except,
      reason: ended.reason,
      until: new Date(until).toISOString(),
    };
    const event = envelope(SessionsRevoked, revocation);
    await this.repository.recordRevocation(event.id, revocation);
    await this.announcer.announce(SessionsRevoked, event);
  }

  private lastRefreshExpiry(now: Date): Date {
    return new Date(now.getTime() + this.config.REFRESH_TOKEN_TTL_SECONDS * 1000 + IN_FLIGHT_MS);
  }
}

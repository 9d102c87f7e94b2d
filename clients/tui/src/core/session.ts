import type {
  ErrorCode,
  ParleyError,
  PublicUser,
  Registration,
  Session,
  SessionEndReason,
} from '@parley/contracts';
import { AuthClient } from './auth-client';
import type { Credentials } from './auth-client';
import { asParleyError } from './errors';
import { endReasonOfError, sessionEndedNote } from './session-ended';
import { SessionStore } from './session-store';

export type AuthState = { kind: 'signed-out'; reason?: string } | { kind: 'signed-in'; user: PublicUser };

const AUTH_ERRORS: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'UNAUTHORIZED',
  'TOKEN_EXPIRED',
  'SESSION_ENDED',
  'INVALID_CREDENTIALS',
]);
/**
 * Refresh this long before expiry (at most a third of a token's life), so a token never expires
 * between checking and using it.
 */
const REFRESH_MARGIN_MS = 30_000;

export interface SessionHooks {
  /** Called once the state says signed in. */
  signedIn(session: Session): void;
  /** Called once the state says signed out (with a reason when it was not the person's choice). */
  signedOut(): void;
  /** A refreshed token is at hand after the gateway refused the last one. */
  reconnect(): void;
  notice(text: string): void;
}

/**
 * Who is signed in: login, registration, logout, the saved session, and its tokens: refreshed on
 * the open connection before they expire, before a connection attempt when they are about to, and
 * once more when the gateway refuses them. A session the server ended signs out, saying why.
 */
export class SessionKeeper {
  private session: Session | null = null;
  /**
   * When the session's tokens came (0 when unknown: saved by an earlier run or another one): how
   * long before their expiry a refresh is due depends on their life.
   */
  private obtainedAt = 0;
  private state: AuthState = { kind: 'signed-out' };
  private refreshedAfterRejection = false;
  private renewal: NodeJS.Timeout | null = null;
  private readonly auth: AuthClient;
  private readonly store: SessionStore;

  constructor(
    httpUrl: string,
    sessionDir: string,
    private readonly hooks: SessionHooks,
  ) {
    this.auth = new AuthClient(httpUrl);
    this.store = new SessionStore(sessionDir, httpUrl);
  }

  get status(): AuthState {
    return this.state;
  }

  get user(): PublicUser | null {
    return this.session?.user ?? null;
  }

  /** Picks up the saved session, if any. Returns whether one was found. */
  async resume(): Promise<boolean> {
    const session = await this.store.load();
    if (!session) return false;
    this.signIn(session, 0);
    return true;
  }

  async login(credentials: Credentials): Promise<PublicUser> {
    const session = await this.auth.login(credentials);
    await this.store.save(session);
    this.signIn(session, Date.now());
    return session.user;
  }

  /** Registers, then logs in with the same credentials: one step for the person. */
  async register(registration: Registration): Promise<PublicUser> {
    await this.auth.register(registration);
    return this.login({ username: registration.username, password: registration.password });
  }

  /**
   * Ends the session at the server (with `everywhere`, every session of this person) and forgets
   * it here. Logging out here never waits for an unreachable server, and says what that leaves;
   * logging out everywhere needs the server, and fails with nothing changed without it.
   */
  async logout(everywhere = false): Promise<void> {
    const session = this.session;
    let reason: string | undefined;
    if (session) {
      try {
        await this.auth.logout(session.refreshToken, everywhere);
      } catch (error) {
        const e = asParleyError(error);
        if (!AUTH_ERRORS.has(e.code)) {
          if (everywhere) throw e;
          reason = `Logged out here. The gateway could not be told (${e.message}), so the session stays valid there until it expires.`;
        }
      }
    }
    await this.store.clear();
    this.signOut(reason);
  }

  /** The server ended this session (a close 4001 said so): signed out, saying why. */
  async ended(reason: SessionEndReason | undefined): Promise<void> {
    if (!this.session) return;
    await this.store.clear();
    this.signOut(sessionEndedNote(reason));
  }

  reachable(): Promise<true | ParleyError> {
    return this.auth.reachable();
  }

  /** The gateway took the token: a later refusal deserves a refresh again. */
  welcomed(): void {
    this.refreshedAfterRejection = false;
  }

  /**
   * Keeps the open connection's tokens fresh: shortly before they expire, `renew` (a session.refresh
   * on that connection) rotates them, and so on while the connection lasts.
   */
  keepFresh(renew: (refreshToken: string) => Promise<Session>): void {
    this.stopRenewal();
    const session = this.session;
    if (!session) return;
    const delay = Math.max(0, this.refreshDueAt(session) - Date.now());
    this.renewal = setTimeout(() => void this.renew(renew), delay);
  }

  stopRenewal(): void {
    if (this.renewal) clearTimeout(this.renewal);
    this.renewal = null;
  }

  /** The token for the next connection attempt: refreshed when about to expire; null once it cannot be. */
  async token(force = false): Promise<string | null> {
    const fresh = (session: Session) => !force && Date.now() < this.refreshDueAt(session);
    const session = await this.rotate((refreshToken) => this.auth.refresh(refreshToken), fresh);
    return session?.accessToken ?? null;
  }

  /** The gateway refused the token: one refresh, and if that does not help, a new login. */
  async rejected(error: ParleyError): Promise<void> {
    if (error.code === 'SESSION_ENDED' || this.refreshedAfterRejection || !this.session) {
      await this.refused(error);
      return;
    }
    this.refreshedAfterRejection = true;
    try {
      if ((await this.token(true)) !== null) this.hooks.reconnect();
    } catch (e) {
      this.hooks.notice(asParleyError(e).message);
      this.hooks.reconnect();
    }
  }

  private async renew(renew: (refreshToken: string) => Promise<Session>): Promise<void> {
    this.renewal = null;
    try {
      if (await this.rotate(renew)) this.keepFresh(renew);
    } catch {
      // Not a refusal (the connection dropped, no answer in time): the next connection attempt refreshes first.
    }
  }

  /**
   * Rotates the tokens by `exchange` (a refresh over HTTP or on the connection), alone among the
   * runs sharing the session folder and from the tokens saved last, unless `fresh` says those may
   * stay. Resolves with the session then held, or null once there is none: signed out meanwhile, or
   * refused for good, which signs out saying why. Any other failure is thrown.
   */
  private async rotate(
    exchange: (refreshToken: string) => Promise<Session>,
    fresh: (session: Session) => boolean = () => false,
  ): Promise<Session | null> {
    let refused: ParleyError | null = null;
    const session = await this.store.rotating(async () => {
      if (!this.session) return null;
      const current = await this.latest(this.session);
      if (fresh(current)) return current;
      try {
        const rotated = await exchange(current.refreshToken);
        if (this.session !== current) return null;
        await this.adopt(rotated);
        return rotated;
      } catch (error) {
        const e = asParleyError(error);
        if (!AUTH_ERRORS.has(e.code)) throw e;
        if (this.session === current) refused = e;
        return null;
      }
    });
    if (refused) await this.refused(refused);
    return session;
  }

  /** A refresh or the gateway refused the session for good: signed out, saying why. */
  private async refused(error: ParleyError): Promise<void> {
    await this.store.clear();
    if (error.code === 'SESSION_ENDED') this.signOut(sessionEndedNote(endReasonOfError(error)));
    else if (error.code === 'TOKEN_EXPIRED') this.signOut('Your session has expired: please log in again.');
    else this.signOut(`The gateway refused the session (${error.message}): please log in again.`);
  }

  /**
   * The saved session, when another run of Parley for this person rotated the tokens since: its
   * refresh token is the one still valid, and spending the old one would end the session.
   */
  private async latest(session: Session): Promise<Session> {
    const stored = await this.store.load();
    if (this.session !== session || !stored || stored.user.userId !== session.user.userId) return session;
    if (stored.refreshToken === session.refreshToken) return session;
    this.session = stored;
    this.obtainedAt = 0;
    return stored;
  }

  private refreshDueAt(session: Session): number {
    const expiresAt = Date.parse(session.expiresAt);
    return expiresAt - Math.min(REFRESH_MARGIN_MS, (expiresAt - this.obtainedAt) / 3);
  }

  private async adopt(session: Session): Promise<void> {
    this.session = session;
    this.obtainedAt = Date.now();
    await this.store.save(session);
  }

  private signIn(session: Session, obtainedAt: number): void {
    this.session = session;
    this.obtainedAt = obtainedAt;
    this.state = { kind: 'signed-in', user: session.user };
    this.hooks.signedIn(session);
  }

  private signOut(reason?: string): void {
    this.stopRenewal();
    this.session = null;
    this.state = reason ? { kind: 'signed-out', reason } : { kind: 'signed-out' };
    this.hooks.signedOut();
  }
}

import type { ErrorCode, ParleyError, PublicUser, Registration, Session } from '@parley/contracts';
import { AuthClient } from './auth-client';
import type { Credentials } from './auth-client';
import { asParleyError } from './errors';
import { SessionStore } from './session-store';

export type AuthState = { kind: 'signed-out'; reason?: string } | { kind: 'signed-in'; user: PublicUser };

const AUTH_ERRORS: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'UNAUTHORIZED',
  'TOKEN_EXPIRED',
  'INVALID_CREDENTIALS',
]);
/** Refresh this long before expiry, so a token never expires between checking and connecting. */
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
 * Who is signed in: login, registration, logout, the saved session, and the token each connection
 * attempt uses, refreshed before it expires and once more when the gateway refuses it.
 */
export class SessionKeeper {
  private session: Session | null = null;
  private state: AuthState = { kind: 'signed-out' };
  private refreshedAfterRejection = false;
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
    this.signIn(session);
    return true;
  }

  async login(credentials: Credentials): Promise<PublicUser> {
    const session = await this.auth.login(credentials);
    await this.store.save(session);
    this.signIn(session);
    return session.user;
  }

  /** Registers, then logs in with the same credentials: one step for the person. */
  async register(registration: Registration): Promise<PublicUser> {
    await this.auth.register(registration);
    return this.login({ username: registration.username, password: registration.password });
  }

  async logout(): Promise<void> {
    await this.store.clear();
    this.signOut();
  }

  reachable(): Promise<true | ParleyError> {
    return this.auth.reachable();
  }

  /** The gateway took the token: a later refusal deserves a refresh again. */
  welcomed(): void {
    this.refreshedAfterRejection = false;
  }

  /** The token for the next connection attempt: refreshed when about to expire; null once it cannot be. */
  async token(force = false): Promise<string | null> {
    const session = this.session;
    if (!session) return null;
    if (!force && Date.parse(session.expiresAt) - Date.now() > REFRESH_MARGIN_MS) return session.accessToken;
    try {
      const fresh = await this.auth.refresh(session.refreshToken);
      if (this.session !== session) return null;
      this.session = fresh;
      await this.store.save(fresh);
      return fresh.accessToken;
    } catch (error) {
      const e = asParleyError(error);
      if (!AUTH_ERRORS.has(e.code)) throw e;
      await this.store.clear();
      this.signOut('Your session has expired: please log in again.');
      return null;
    }
  }

  /** The gateway refused the token: one refresh, and if that does not help, a new login. */
  async rejected(error: ParleyError): Promise<void> {
    if (this.refreshedAfterRejection || !this.session) {
      await this.store.clear();
      this.signOut(`The gateway refused the session (${error.message}): please log in again.`);
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

  private signIn(session: Session): void {
    this.session = session;
    this.state = { kind: 'signed-in', user: session.user };
    this.hooks.signedIn(session);
  }

  private signOut(reason?: string): void {
    this.session = null;
    this.state = reason ? { kind: 'signed-out', reason } : { kind: 'signed-out' };
    this.hooks.signedOut();
  }
}

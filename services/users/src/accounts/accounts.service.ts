import { Inject, Injectable } from '@nestjs/common';
import { sessionOf } from '@parley/auth';
import {
  ParleyError,
  PublicUser,
  Registration,
  RpcRequestOf,
  Session,
  UserRegistered,
  Username,
  envelope,
  usersRpc,
} from '@parley/contracts';
import { LOGGER, Logger } from '@parley/platform';
import { randomUUID } from 'node:crypto';
import { Announcer } from '../events/announcer';
import { SessionsService } from '../sessions/sessions.service';
import { AccountsRepository } from './accounts.repository';
import { LoginMetrics } from './login-metrics';
import { LoginThrottle } from './login-throttle';
import { PasswordHasher } from './password-hasher';

const INVALID_CREDENTIALS = () => new ParleyError('INVALID_CREDENTIALS', 'wrong username or password');

@Injectable()
export class AccountsService {
  constructor(
    @Inject(AccountsRepository) private readonly accounts: AccountsRepository,
    @Inject(PasswordHasher) private readonly hasher: PasswordHasher,
    @Inject(LoginThrottle) private readonly throttle: LoginThrottle,
    @Inject(Announcer) private readonly announcer: Announcer,
    @Inject(SessionsService) private readonly sessions: SessionsService,
    @Inject(LoginMetrics) private readonly metrics: LoginMetrics,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Claims the username, then the email, then stores the profile; whichever claim is refused
   * names its field, and the claims already made are given back, so of many concurrent
   * registrations of one name exactly one gets it.
   */
  async register(registration: Registration): Promise<PublicUser> {
    const userId = randomUUID();
    const { username, firstName, lastName } = registration;
    const email = registration.email.toLowerCase();
    const passwordHash = await this.hasher.hash(registration.password);
    const release: (() => Promise<void>)[] = [];
    try {
      if (!(await this.accounts.claimUsername({ _id: username, userId, passwordHash }))) {
        throw new ParleyError('USERNAME_TAKEN', `the username ${username} is taken`, {
          field: 'username',
          reason: 'taken',
        });
      }
      release.push(() => this.accounts.releaseUsername(username, userId));
      if (!(await this.accounts.claimEmail(email, userId))) {
        throw new ParleyError('EMAIL_TAKEN', 'an account with this email exists', {
          field: 'email',
          reason: 'taken',
        });
      }
      release.push(() => this.accounts.releaseEmail(email, userId));
      await this.accounts.insertUser({
        _id: userId,
        username,
        firstName,
        lastName,
        email: registration.email,
        createdAt: new Date(),
      });
    } catch (error) {
      await this.giveBack(release, userId);
      throw error;
    }
    const user: PublicUser = { userId, username, firstName, lastName };
    await this.announcer.announce(UserRegistered, envelope(UserRegistered, user));
    return user;
  }

  /**
   * A wrong password and an unknown username take the same time and give the same error; failures
   * are counted by username and client `address` (see LoginThrottle).
   */
  login(username: string, password: string, address: string): Promise<Session> {
    return this.metrics.counted(this.attemptLogin(username, password, address));
  }

  private async attemptLogin(username: string, password: string, address: string): Promise<Session> {
    // A name that cannot exist is never sent to the database (it may hold what FerretDB refuses, such as NUL).
    const name = Username.safeParse(username).success ? username : null;
    const user = await this.throttle.guard(name, address, async () => {
      const login = name === null ? null : await this.accounts.findLogin(name);
      const matches = login
        ? await this.hasher.verify(password, login.passwordHash)
        : await this.hasher.verifyNobody(password);
      return matches && login ? this.accounts.findUser(login.userId) : null;
    });
    if (!user) throw INVALID_CREDENTIALS();
    return this.sessions.begin(user);
  }

  /** Spends the refresh token and answers with new tokens of its session. */
  async refresh(refreshToken: string): Promise<Session> {
    const claims = await this.sessions.spend(refreshToken);
    return this.sessions.issue(await this.existing(claims.sub), sessionOf(claims));
  }

  /**
   * Checks the current password as a login does (throttled by username and address), stores the new one, and
   * only then ends the user's other sessions: a login with the old password that slipped in before
   * the new hash was stored began before the cutoff, and ends with them.
   */
  async changePassword(request: RpcRequestOf<typeof usersRpc.changePassword>): Promise<void> {
    const { userId, sessionId, begunAt, currentPassword, newPassword, address } = request;
    const session = { userId, sessionId, begunAt };
    await this.sessions.assertLive(session);
    const { username } = await this.existing(userId);
    const verified = await this.throttle.guard(username, address, async () => {
      const login = await this.accounts.findLogin(username);
      const matches =
        login?.userId === userId && (await this.hasher.verify(currentPassword, login.passwordHash));
      return matches ? login : null;
    });
    if (!verified)
      throw new ParleyError('INVALID_CREDENTIALS', 'the current password is wrong', {
        field: 'currentPassword',
      });
    await this.accounts.setPasswordHash(username, await this.hasher.hash(newPassword));
    await this.sessions.endOthers(session);
  }

  private async existing(userId: string): Promise<PublicUser> {
    const user = await this.accounts.findUser(userId);
    if (!user)
      throw new ParleyError('UNAUTHORIZED', 'the account of this token no longer exists', {
        reason: 'unknown user',
      });
    return user;
  }

  private async giveBack(release: (() => Promise<void>)[], userId: string): Promise<void> {
    const results = await Promise.allSettled(release.map((step) => step()));
    for (const result of results) {
      if (result.status === 'rejected') {
        this.logger.error(
          { userId, err: (result.reason as Error).message },
          'could not give back a claim of a failed registration',
        );
      }
    }
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { signAccessToken, signRefreshToken, verifyRefreshToken } from '@parley/auth';
import {
  ParleyError,
  PublicUser,
  ROUTING,
  Registration,
  Session,
  UserRegistered,
  Username,
  envelope,
} from '@parley/contracts';
import { CONFIG, LOGGER, Logger } from '@parley/platform';
import { randomUUID } from 'node:crypto';
import { UsersConfig } from '../config';
import { Announcer } from '../events/announcer';
import { AccountsRepository } from './accounts.repository';
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
    @Inject(CONFIG) private readonly config: UsersConfig,
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
    await this.announcer.announce(ROUTING.userRegistered(userId), envelope(UserRegistered, user));
    return user;
  }

  /**
   * A wrong password and an unknown username take the same time and give the same error; failures
   * are counted by username and client `address` (see LoginThrottle).
   */
  async login(username: string, password: string, address: string): Promise<Session> {
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
    return this.session(user);
  }

  async refresh(refreshToken: string): Promise<Session> {
    const { sub } = verifyRefreshToken(refreshToken, this.config.JWT_SECRET);
    const user = await this.accounts.findUser(sub);
    if (!user)
      throw new ParleyError('UNAUTHORIZED', 'the account of this token no longer exists', {
        reason: 'unknown user',
      });
    return this.session(user);
  }

  private session(user: PublicUser): Session {
    const access = signAccessToken(user, this.config.JWT_SECRET, this.config.ACCESS_TOKEN_TTL_SECONDS);
    const refresh = signRefreshToken(
      user.userId,
      this.config.JWT_SECRET,
      this.config.REFRESH_TOKEN_TTL_SECONDS,
    );
    return {
      accessToken: access.token,
      refreshToken: refresh.token,
      expiresAt: access.expiresAt.toISOString(),
      user,
    };
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

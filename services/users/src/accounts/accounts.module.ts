import { Module } from '@nestjs/common';
import { CONFIG, LOGGER, Logger } from '@parley/platform';
import { Database } from '@parley/database';
import { UsersConfig } from '../config';
import { Announcer } from '../events/announcer';
import { SessionsModule } from '../sessions/sessions.module';
import { PeriodicSweep } from '../shared/periodic-sweep';
import { AccountsController } from './accounts.controller';
import { AccountsRepository } from './accounts.repository';
import { AccountsService } from './accounts.service';
import { LoginFailuresRepository } from './login-failures.repository';
import { LoginMetrics } from './login-metrics';
import { FORGET_AFTER_MS, LoginThrottle, loginLimits } from './login-throttle';
import { PasswordHasher } from './password-hasher';

const SWEEP_EVERY_MS = 10 * 60_000;
const LOGIN_FAILURES_SWEEP = Symbol('login failures sweep');

@Module({
  imports: [SessionsModule],
  controllers: [AccountsController],
  providers: [
    // Built here, before the database opens, so that opening it creates the models' collections and indexes.
    {
      provide: AccountsRepository,
      inject: [Database],
      useFactory: (database: Database) => new AccountsRepository(database.connection),
    },
    {
      provide: LoginFailuresRepository,
      inject: [Database],
      useFactory: (database: Database) => new LoginFailuresRepository(database.connection, FORGET_AFTER_MS),
    },
    {
      provide: LoginThrottle,
      inject: [LoginFailuresRepository, CONFIG],
      useFactory: (failures: LoginFailuresRepository, config: UsersConfig) =>
        new LoginThrottle(failures, loginLimits(config.LOGIN_BACKOFF_BASE_MS)),
    },
    {
      provide: LOGIN_FAILURES_SWEEP,
      inject: [LoginFailuresRepository, LOGGER],
      useFactory: (failures: LoginFailuresRepository, logger: Logger) =>
        new PeriodicSweep('forgotten login failures', SWEEP_EVERY_MS, (now) => failures.sweep(now), logger),
    },
    PasswordHasher,
    LoginMetrics,
    Announcer,
    AccountsService,
  ],
  exports: [AccountsRepository],
})
export class AccountsModule {}

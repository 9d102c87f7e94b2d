import { Module } from '@nestjs/common';
import { CONFIG, Database } from '@parley/platform';
import { UsersConfig } from '../config';
import { Announcer } from '../events/announcer';
import { SessionsModule } from '../sessions/sessions.module';
import { AccountsController } from './accounts.controller';
import { AccountsRepository } from './accounts.repository';
import { AccountsService } from './accounts.service';
import { LoginFailuresRepository } from './login-failures.repository';
import { LoginFailuresSweeper } from './login-failures.sweeper';
import { FORGET_AFTER_MS, LoginThrottle, loginLimits } from './login-throttle';
import { PasswordHasher } from './password-hasher';

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
    LoginFailuresSweeper,
    PasswordHasher,
    Announcer,
    AccountsService,
  ],
  exports: [AccountsRepository],
})
export class AccountsModule {}

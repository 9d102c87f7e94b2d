import { Module } from '@nestjs/common';
import { Database } from '@parley/platform';
import { Announcer } from '../events/announcer';
import { AccountsController } from './accounts.controller';
import { AccountsRepository } from './accounts.repository';
import { AccountsService } from './accounts.service';
import { LoginThrottle } from './login-throttle';
import { PasswordHasher } from './password-hasher';

@Module({
  controllers: [AccountsController],
  providers: [
    // Built here, before the database opens, so that opening it creates the models' collections and indexes.
    {
      provide: AccountsRepository,
      inject: [Database],
      useFactory: (database: Database) => new AccountsRepository(database.connection),
    },
    { provide: LoginThrottle, useFactory: () => new LoginThrottle() },
    PasswordHasher,
    Announcer,
    AccountsService,
  ],
  exports: [AccountsRepository],
})
export class AccountsModule {}

import { DynamicModule, Module } from '@nestjs/common';
import { Logger, PlatformModule } from '@parley/platform';
import { DatabaseModule } from '@parley/database';
import { AccountsModule } from './accounts/accounts.module';
import { UsersConfig } from './config';
import { ContactsModule } from './contacts/contacts.module';
import { PresenceModule } from './presence/presence.module';

@Module({})
export class AppModule {
  static register(config: UsersConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({ service: 'users', config, logger }),
        DatabaseModule.forRoot(config),
        AccountsModule,
        ContactsModule,
        PresenceModule,
      ],
    };
  }
}

import { Module } from '@nestjs/common';
import { Database } from '@parley/platform';
import { AccountsModule } from '../accounts/accounts.module';
import { Announcer } from '../events/announcer';
import { PresenceModule } from '../presence/presence.module';
import { FriendsController } from './friends.controller';
import { FriendsRepository } from './friends.repository';
import { FriendsService } from './friends.service';

@Module({
  imports: [AccountsModule, PresenceModule],
  controllers: [FriendsController],
  providers: [
    // Built before the database opens, so that opening it creates the collection.
    {
      provide: FriendsRepository,
      inject: [Database],
      useFactory: (database: Database) => new FriendsRepository(database.connection),
    },
    Announcer,
    FriendsService,
  ],
})
export class FriendsModule {}

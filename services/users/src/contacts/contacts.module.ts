import { Module } from '@nestjs/common';
import { Database } from '@parley/database';
import { AccountsModule } from '../accounts/accounts.module';
import { Announcer } from '../events/announcer';
import { PresenceModule } from '../presence/presence.module';
import { ContactsController } from './contacts.controller';
import { ContactsRepository } from './contacts.repository';
import { ContactsService } from './contacts.service';
import { LegacyFriendsImport } from './legacy-friends-import';
import { PeopleSearch } from './people-search';

@Module({
  imports: [AccountsModule, PresenceModule],
  controllers: [ContactsController],
  providers: [
    // Built before the database opens, so that opening it creates the collection.
    {
      provide: ContactsRepository,
      inject: [Database],
      useFactory: (database: Database) => new ContactsRepository(database.connection),
    },
    Announcer,
    LegacyFriendsImport,
    ContactsService,
    PeopleSearch,
  ],
})
export class ContactsModule {}

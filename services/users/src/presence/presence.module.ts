import { Module } from '@nestjs/common';
import { Database } from '@parley/database';
import { PresenceRepository } from './presence.repository';
import { PresenceService } from './presence.service';

@Module({
  providers: [
    // Built before the database opens, so that opening it creates the shards' collections.
    {
      provide: PresenceRepository,
      inject: [Database],
      useFactory: (database: Database) => new PresenceRepository(database.connection),
    },
    PresenceService,
  ],
  exports: [PresenceRepository],
})
export class PresenceModule {}

import { Module } from '@nestjs/common';
import { Database } from '@parley/platform';
import { Announcer } from '../events/announcer';
import { SessionSweeper } from './session-sweeper';
import { SessionsController } from './sessions.controller';
import { SessionsRepository } from './sessions.repository';
import { SessionsService } from './sessions.service';

@Module({
  controllers: [SessionsController],
  providers: [
    // Built before the database opens, so that opening it creates the collections.
    {
      provide: SessionsRepository,
      inject: [Database],
      useFactory: (database: Database) => new SessionsRepository(database.connection),
    },
    Announcer,
    SessionsService,
    SessionSweeper,
  ],
  exports: [SessionsService],
})
export class SessionsModule {}

import { Module } from '@nestjs/common';
import { CONFIG, LOGGER, Logger } from '@parley/platform';
import { Database } from '@parley/database';
import { UsersConfig } from '../config';
import { Announcer } from '../events/announcer';
import { PeriodicSweep } from '../shared/periodic-sweep';
import { SessionsController } from './sessions.controller';
import { SessionsRepository } from './sessions.repository';
import { SessionsService } from './sessions.service';

const SESSIONS_SWEEP = Symbol('sessions sweep');

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
    {
      provide: SESSIONS_SWEEP,
      inject: [SessionsRepository, CONFIG, LOGGER],
      useFactory: (repository: SessionsRepository, config: UsersConfig, logger: Logger) =>
        new PeriodicSweep(
          'spent refresh tokens, ended sessions and revocations that no longer matter',
          config.SESSIONS_SWEEP_MS,
          (now) => repository.sweep(now),
          logger,
        ),
    },
  ],
  exports: [SessionsService],
})
export class SessionsModule {}

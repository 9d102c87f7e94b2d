import {
  DynamicModule,
  Global,
  Inject,
  Module,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { HealthRegistry, LOGGER, Logger } from '@parley/platform';
import { Database } from './database';
import { DatabaseConfig } from './database-config';

/** Opens the database in the background once the app is wired, reports it in health, and closes it last. */
class DatabaseLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(Database) private readonly database: Database,
    health: HealthRegistry,
  ) {
    health.add(database.health);
  }

  onApplicationBootstrap(): void {
    void this.database.open();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.database.close();
  }
}

/** The database of a service that stores something; imported beside PlatformModule, whose logger it uses. */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(config: DatabaseConfig): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        {
          provide: Database,
          inject: [LOGGER],
          useFactory: (logger: Logger) => new Database(config.MONGO_URL, logger),
        },
        DatabaseLifecycle,
      ],
      exports: [Database],
    };
  }
}

import { QUEUES } from '@parley/contracts';
import { runService } from '@parley/platform';
import { AppModule } from './app.module';
import { UsersConfig } from './config';

void runService({
  name: 'users',
  config: UsersConfig,
  module: (config, logger) => AppModule.register(config, logger),
  rpc: [QUEUES.usersRpc],
});

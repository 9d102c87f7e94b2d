import { QUEUES } from '@parley/contracts';
import { runService } from '@parley/platform';
import { AppModule } from './app.module';
import { HistoryConfig } from './config';

void runService({
  name: 'history',
  config: HistoryConfig,
  module: AppModule.register,
  rpc: [QUEUES.historyRpc],
});

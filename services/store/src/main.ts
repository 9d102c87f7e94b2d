import { runService } from '@parley/platform';
import { AppModule } from './app.module';
import { StoreConfig } from './config';

void runService({ name: 'store', config: StoreConfig, module: AppModule.register });

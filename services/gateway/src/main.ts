import { runService } from '@parley/platform';
import { AppModule } from './app.module';
import { GatewayConfig } from './config';

void runService({ name: 'gateway', config: GatewayConfig, module: AppModule.register });

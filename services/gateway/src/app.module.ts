import { DynamicModule, Module } from '@nestjs/common';
import { Logger, PlatformModule } from '@parley/platform';
import { AuthModule } from './auth/auth.module';
import { GatewayConfig } from './config';
import { ConnectionsModule } from './connections/connections.module';

@Module({})
export class AppModule {
  static register(config: GatewayConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({ service: 'gateway', config, logger }),
        AuthModule,
        ConnectionsModule,
      ],
    };
  }
}

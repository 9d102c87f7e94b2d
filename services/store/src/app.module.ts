import { DynamicModule, Module } from '@nestjs/common';
import { Logger, PlatformModule } from '@parley/platform';
import { DatabaseModule } from '@parley/database';
import { StoreConfig } from './config';
import { MessagesModule } from './messages/messages.module';

@Module({})
export class AppModule {
  static register(config: StoreConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({ service: 'store', config, logger }),
        DatabaseModule.forRoot(config),
        MessagesModule,
      ],
    };
  }
}

import { DynamicModule, Module } from '@nestjs/common';
import { Logger, PlatformModule } from '@parley/platform';
import { DatabaseModule } from '@parley/database';
import { HistoryConfig } from './config';
import { ConversationsModule } from './conversations/conversations.module';

@Module({})
export class AppModule {
  static register(config: HistoryConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({ service: 'history', config, logger }),
        DatabaseModule.forRoot(config),
        ConversationsModule,
      ],
    };
  }
}

import { Module } from '@nestjs/common';
import { ConversationHeads } from './conversation-heads';
import { MessageLogRepository } from './message-log.repository';
import { MessageStoreService } from './message-store.service';
import { StoreMetrics } from './store-metrics';
import { SubmittedMessagesConsumer } from './submitted-messages.consumer';

@Module({
  providers: [
    MessageLogRepository,
    ConversationHeads,
    StoreMetrics,
    MessageStoreService,
    SubmittedMessagesConsumer,
  ],
})
export class MessagesModule {}

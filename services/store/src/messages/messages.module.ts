import { Module } from '@nestjs/common';
import { ConversationHeads } from './conversation-heads';
import { MessageLogRepository } from './message-log.repository';
import { MessageStoreService } from './message-store.service';
import { SubmittedMessagesConsumer } from './submitted-messages.consumer';

@Module({
  providers: [MessageLogRepository, ConversationHeads, MessageStoreService, SubmittedMessagesConsumer],
})
export class MessagesModule {}

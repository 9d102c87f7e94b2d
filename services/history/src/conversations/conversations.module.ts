import { Module } from '@nestjs/common';
import { ConversationFold } from './conversation-fold';
import { ConversationStateRepository } from './conversation-state.repository';
import { HistoryEventsConsumer } from './history-events.consumer';
import { HistoryController } from './history.controller';
import { HistoryService } from './history.service';
import { MessageLogReader } from './message-log.reader';
import { ReadModelService } from './read-model.service';
import { RecentMessages } from './recent-messages';
import { RecordedReceipts } from './recorded-receipts';

@Module({
  controllers: [HistoryController],
  providers: [
    ConversationStateRepository,
    RecentMessages,
    MessageLogReader,
    ConversationFold,
    RecordedReceipts,
    HistoryService,
    ReadModelService,
    HistoryEventsConsumer,
  ],
})
export class ConversationsModule {}

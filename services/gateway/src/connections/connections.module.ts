import { Module } from '@nestjs/common';
import { ConversationsHandlers } from '../requests/conversations.handlers';
import { FrameRouter } from '../requests/frame-router';
import { ContactsHandlers } from '../requests/contacts.handlers';
import { MessagesHandlers } from '../requests/messages.handlers';
import { SessionsHandlers } from '../requests/sessions.handlers';
import { ContactDirectory } from '../routing/contact-directory';
import { GatewayQueue } from '../routing/gateway-queue';
import { LiveDelivery } from '../routing/live-delivery';
import { MessageMetrics } from '../routing/message-metrics';
import { MessageSubmissions } from '../routing/message-submissions';
import { PresenceReporter } from '../routing/presence-reporter';
import { SessionGuard } from '../sessions/session-guard';
import { SessionsModule } from '../sessions/sessions.module';
import { ConnectionMetrics } from './connection-metrics';
import { ConnectionRegistry } from './connection-registry';
import { UserLimits } from './user-limits';
import { WsServer } from './ws-server';

@Module({
  imports: [SessionsModule],
  providers: [
    ConnectionRegistry,
    ConnectionMetrics,
    UserLimits,
    ContactDirectory,
    LiveDelivery,
    GatewayQueue,
    MessageMetrics,
    MessageSubmissions,
    PresenceReporter,
    MessagesHandlers,
    ConversationsHandlers,
    ContactsHandlers,
    SessionGuard,
    SessionsHandlers,
    FrameRouter,
    WsServer,
  ],
})
export class ConnectionsModule {}

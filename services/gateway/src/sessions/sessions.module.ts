import { Module } from '@nestjs/common';
import { SessionRevocations } from './session-revocations';

/** What the HTTP routes and the WebSocket share: which sessions ended. */
@Module({ providers: [SessionRevocations], exports: [SessionRevocations] })
export class SessionsModule {}

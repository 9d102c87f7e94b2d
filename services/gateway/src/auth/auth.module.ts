import { Module } from '@nestjs/common';
import { SessionsModule } from '../sessions/sessions.module';
import { AuthController } from './auth.controller';

@Module({ imports: [SessionsModule], controllers: [AuthController] })
export class AuthModule {}

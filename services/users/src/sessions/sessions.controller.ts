import { Controller, Inject, UseFilters } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { RpcRequestOf, RpcResponseOf, usersRpc } from '@parley/contracts';
import { RpcErrorPassthrough } from '@parley/platform';
import { SessionsService } from './sessions.service';

@Controller()
@UseFilters(RpcErrorPassthrough)
export class SessionsController {
  constructor(@Inject(SessionsService) private readonly sessions: SessionsService) {}

  @MessagePattern(usersRpc.logout.pattern)
  async logout(@Payload() request: RpcRequestOf<typeof usersRpc.logout>): Promise<object> {
    await this.sessions.logout(request.refreshToken, request.everywhere);
    return {};
  }

  @MessagePattern(usersRpc.revocations.pattern)
  async revocations(): Promise<RpcResponseOf<typeof usersRpc.revocations>> {
    return { revocations: await this.sessions.revocationsInForce() };
  }
}

import { Controller, Inject, UseFilters } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { PublicUser, RpcRequestOf, Session, usersRpc } from '@parley/contracts';
import { RpcErrorPassthrough } from '@parley/platform';
import { AccountsService } from './accounts.service';

@Controller()
@UseFilters(RpcErrorPassthrough)
export class AccountsController {
  constructor(@Inject(AccountsService) private readonly accounts: AccountsService) {}

  @MessagePattern(usersRpc.register.pattern)
  register(@Payload() request: RpcRequestOf<typeof usersRpc.register>): Promise<PublicUser> {
    return this.accounts.register(request);
  }

  @MessagePattern(usersRpc.login.pattern)
  login(@Payload() request: RpcRequestOf<typeof usersRpc.login>): Promise<Session> {
    return this.accounts.login(request.username, request.password, request.address);
  }

  @MessagePattern(usersRpc.refresh.pattern)
  refresh(@Payload() request: RpcRequestOf<typeof usersRpc.refresh>): Promise<Session> {
    return this.accounts.refresh(request.refreshToken);
  }

  @MessagePattern(usersRpc.changePassword.pattern)
  async changePassword(@Payload() request: RpcRequestOf<typeof usersRpc.changePassword>): Promise<object> {
    await this.accounts.changePassword(request);
    return {};
  }
}

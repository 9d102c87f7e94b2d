import { Body, Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { HTTP_ROUTES, usersRpc } from '@parley/contracts';
import { RpcClient } from '@parley/messaging';
import { CONFIG, JsonObjectBody } from '@parley/platform';
import type { IncomingMessage } from 'node:http';
import { GatewayConfig } from '../config';
import { clientAddress } from './client-address';

/** How a client gets its tokens before opening the WebSocket; the users service does the work. */
@Controller()
export class AuthController {
  constructor(
    @Inject(RpcClient) private readonly rpc: RpcClient,
    @Inject(CONFIG) private readonly config: GatewayConfig,
  ) {}

  @Post(HTTP_ROUTES.register)
  register(@Body(JsonObjectBody) body: object) {
    return this.rpc.call(usersRpc.register, body as never, this.config.RPC_TIMEOUT_MS);
  }

  @Post(HTTP_ROUTES.login)
  @HttpCode(200)
  login(@Body(JsonObjectBody) body: object, @Req() request: IncomingMessage) {
    // Last, so that an `address` in the body is replaced, never believed.
    const login = { ...body, address: clientAddress(request) };
    return this.rpc.call(usersRpc.login, login as never, this.config.RPC_TIMEOUT_MS);
  }

  @Post(HTTP_ROUTES.refresh)
  @HttpCode(200)
  refresh(@Body(JsonObjectBody) body: object) {
    return this.rpc.call(usersRpc.refresh, body as never, this.config.RPC_TIMEOUT_MS);
  }
}

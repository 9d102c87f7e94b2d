import { Body, Controller, Headers, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { HTTP_ROUTES, ParleyError, parseOrThrow, usersRpc } from '@parley/contracts';
import { Bus } from '@parley/messaging';
import { CONFIG, JsonObjectBody } from '@parley/platform';
import type { IncomingMessage } from 'node:http';
import { GatewayConfig } from '../config';
import { SessionRevocations } from '../sessions/session-revocations';
import { clientAddress } from './client-address';

/**
 * How a client gets, renews and ends its tokens; the users service does the work. A body is read as
 * its request's contract reads it (the users service checks it again), so one that is wrong is
 * refused here, naming what is wrong, before it costs a call.
 */
@Controller()
export class AuthController {
  constructor(
    @Inject(Bus) private readonly bus: Bus,
    @Inject(CONFIG) private readonly config: GatewayConfig,
    private readonly revocations: SessionRevocations,
  ) {}

  @Post(HTTP_ROUTES.register)
  register(@Body(JsonObjectBody) body: object) {
    const request = parseOrThrow(usersRpc.register.request, body);
    return this.bus.call(usersRpc.register, request, this.config.RPC_TIMEOUT_MS);
  }

  @Post(HTTP_ROUTES.login)
  @HttpCode(200)
  login(@Body(JsonObjectBody) body: object, @Req() request: IncomingMessage) {
    // Last, so that an `address` in the body is replaced, never believed.
    const login = parseOrThrow(usersRpc.login.request, { ...body, address: clientAddress(request) });
    return this.bus.call(usersRpc.login, login, this.config.RPC_TIMEOUT_MS);
  }

  @Post(HTTP_ROUTES.refresh)
  @HttpCode(200)
  refresh(@Body(JsonObjectBody) body: object) {
    const request = parseOrThrow(usersRpc.refresh.request, body);
    return this.bus.call(usersRpc.refresh, request, this.config.RPC_TIMEOUT_MS);
  }

  @Post(HTTP_ROUTES.logout)
  @HttpCode(200)
  logout(@Body(JsonObjectBody) body: object) {
    const request = parseOrThrow(usersRpc.logout.request, body);
    return this.bus.call(usersRpc.logout, request, this.config.RPC_TIMEOUT_MS);
  }

  /** With the access token of the session that changes it: the user is the token's, never the body's. */
  @Post(HTTP_ROUTES.password)
  @HttpCode(200)
  async password(
    @Headers('authorization') authorization: string | undefined,
    @Body(JsonObjectBody) body: object,
    @Req() http: IncomingMessage,
  ) {
    if (!authorization?.startsWith('Bearer '))
      throw new ParleyError('UNAUTHORIZED', 'an access token is required (Authorization: Bearer <token>)');
    const claims = await this.revocations.authenticate(authorization.slice(7));
    const request = parseOrThrow(usersRpc.changePassword.request, {
      ...body,
      userId: claims.sub,
      sessionId: claims.sid,
      begunAt: claims.began,
      address: clientAddress(http),
    });
    return this.bus.call(usersRpc.changePassword, request, this.config.RPC_TIMEOUT_MS);
  }
}

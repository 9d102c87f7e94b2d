import { Inject, Injectable } from '@nestjs/common';
import { verifyRefreshToken } from '@parley/auth';
import { ParleyError, usersRpc } from '@parley/contracts';
import { Bus } from '@parley/messaging';
import { CONFIG } from '@parley/platform';
import { GatewayConfig } from '../config';
import { SessionGuard } from '../sessions/session-guard';
import { RequestHandler } from './request-handler';

/** A connection renews its tokens without closing, and lives on until the new access token expires. */
@Injectable()
export class SessionsHandlers {
  constructor(
    @Inject(Bus) private readonly bus: Bus,
    @Inject(CONFIG) private readonly config: GatewayConfig,
    private readonly guard: SessionGuard,
  ) {}

  /** Checked here before the users service spends the token: another session's token stays unspent. */
  refresh: RequestHandler<'session.refresh'> = async (connection, { refreshToken }) => {
    const claims = verifyRefreshToken(refreshToken, this.config.JWT_SECRET);
    if (claims.sub !== connection.userId || claims.sid !== connection.session.sessionId)
      throw new ParleyError('UNAUTHORIZED', "refreshToken: not a token of this connection's session", {
        field: 'refreshToken',
        reason: 'of another session',
      });
    const session = await this.bus.call(usersRpc.refresh, { refreshToken }, this.config.RPC_TIMEOUT_MS);
    this.guard.expireAt(connection, Date.parse(session.expiresAt));
    return session;
  };
}

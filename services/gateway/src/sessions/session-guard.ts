import { Injectable } from '@nestjs/common';
import {
  SESSION_CLOSE_REASONS,
  SessionRevocation,
  TOKEN_EXPIRED_CLOSE_REASON,
  WS_CLOSE,
  revokes,
} from '@parley/contracts';
import { ClientConnection } from '../connections/client-connection';
import { ConnectionRegistry } from '../connections/connection-registry';
import { SessionRevocations } from './session-revocations';

/**
 * Ends the connections whose session ended (close 4001) or whose access token expired without a
 * new one presented by `session.refresh` (close 4002). Each connection has one timer, set to its
 * token's expiry and moved by each refresh, so it closes within milliseconds of that expiry.
 */
@Injectable()
export class SessionGuard {
  private readonly expiries = new Map<ClientConnection, NodeJS.Timeout>();

  constructor(
    private readonly registry: ConnectionRegistry,
    private readonly revocations: SessionRevocations,
  ) {
    revocations.subscribe((revocation) => this.revoked(revocation));
  }

  /**
   * Starts guarding a connection just registered, until `expiresAt` (its access token's expiry, ms
   * since the epoch); one whose session ended while its upgrade was on the way is closed at once.
   */
  watch(connection: ClientConnection, expiresAt: number): void {
    connection.socket.once('close', () => {
      clearTimeout(this.expiries.get(connection));
      this.expiries.delete(connection);
    });
    const reason = this.revocations.endReason(connection.session);
    if (reason) void connection.end(WS_CLOSE.sessionEnded, SESSION_CLOSE_REASONS[reason]);
    else this.expireAt(connection, expiresAt);
  }

  /** The connection presented a new access token. */
  expireAt(connection: ClientConnection, expiresAt: number): void {
    clearTimeout(this.expiries.get(connection));
    if (!connection.open) return;
    const timer = setTimeout(
      () => void connection.end(WS_CLOSE.tokenExpired, TOKEN_EXPIRED_CLOSE_REASON),
      Math.max(0, expiresAt - Date.now()),
    );
    this.expiries.set(connection, timer);
  }

  private revoked(revocation: SessionRevocation): void {
    for (const connection of this.registry.of(revocation.userId) ?? [])
      if (revokes(revocation, connection.session))
        void connection.end(WS_CLOSE.sessionEnded, SESSION_CLOSE_REASONS[revocation.reason]);
  }
}

import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { sessionOf } from '@parley/auth';
import { AccessClaims, ErrorBody, HTTP_STATUS_OF, ParleyError, WS_CLOSE, WS_PATH } from '@parley/contracts';
import { CONFIG } from '@parley/platform';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { GatewayConfig } from '../config';
import { FrameRouter } from '../requests/frame-router';
import { ContactDirectory } from '../routing/contact-directory';
import { GatewayQueue } from '../routing/gateway-queue';
import { LiveDelivery } from '../routing/live-delivery';
import { PresenceReporter } from '../routing/presence-reporter';
import { SessionGuard } from '../sessions/session-guard';
import { SessionRevocations } from '../sessions/session-revocations';
import { ClientConnection, ConnectionPolicy } from './client-connection';
import { ConnectionMetrics } from './connection-metrics';
import { ConnectionRegistry } from './connection-registry';
import { ReasonedWebSocket, WS_READ_LIMIT_BYTES } from './reasoned-websocket';
import { UserLimits } from './user-limits';

/**
 * The WebSocket endpoint. A connection is authenticated during the upgrade, from its access token
 * and the ended sessions this gateway holds (no round trip), and refused with a status and reason
 * otherwise; it lives until its session ends or its token expires (SessionGuard). From its welcome on it
 * receives every message, receipt, contact and presence change meant for it, with no request
 * first. A connection beyond the user's cap is closed at once. One timer pings every connection;
 * one that misses two pongs is terminated, which ends presence for half-open sockets.
 */
@Injectable()
export class WsServer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  // Frames up to the read limit are answered with FRAME_TOO_LARGE; beyond it, ws closes with 1009.
  private readonly wss = new WebSocketServer({
    noServer: true,
    maxPayload: WS_READ_LIMIT_BYTES,
    perMessageDeflate: false,
    clientTracking: false,
    WebSocket: ReasonedWebSocket,
  });
  private heartbeat: NodeJS.Timeout | null = null;
  private closing = false;
  private readonly policy: ConnectionPolicy;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly registry: ConnectionRegistry,
    private readonly router: FrameRouter,
    private readonly queue: GatewayQueue,
    private readonly contacts: ContactDirectory,
    private readonly delivery: LiveDelivery,
    private readonly presence: PresenceReporter,
    private readonly limits: UserLimits,
    private readonly revocations: SessionRevocations,
    private readonly guard: SessionGuard,
    private readonly metrics: ConnectionMetrics,
    @Inject(CONFIG) private readonly config: GatewayConfig,
  ) {
    // A request in hand is answered within the RPC timeout, with its result or UNAVAILABLE.
    this.policy = { abuseLimit: config.ABUSE_LIMIT, endWaitMs: config.RPC_TIMEOUT_MS };
  }

  onApplicationBootstrap(): void {
    const server = this.adapterHost.httpAdapter.getHttpServer() as Server;
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) =>
      this.upgrade(request, socket, head),
    );
    this.heartbeat = setInterval(() => this.beat(), this.config.HEARTBEAT_MS);
  }

  /**
   * Stops taking connections, ends the open ones once what they sent is answered (their clients
   * reconnect elsewhere) and reports them offline.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    const users = [...this.registry.users()];
    await Promise.all(
      [...this.registry.all()].map((connection) =>
        connection.end(WS_CLOSE.goingAway, 'server shutting down'),
      ),
    );
    await Promise.all(users.map((userId) => this.presence.report(userId, 0)));
  }

  private upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    this.authenticate(request).then(
      (claims) => {
        if (!socket.destroyed)
          this.wss.handleUpgrade(request, socket, head, (ws) => this.accept(ws, socket, claims));
      },
      (error: unknown) => {
        const body: ErrorBody =
          error instanceof ParleyError ? error.toBody() : { code: 'INTERNAL', message: 'upgrade failed' };
        refuse(socket, HTTP_STATUS_OF[body.code], body);
      },
    );
  }

  private async authenticate(request: IncomingMessage): Promise<AccessClaims> {
    const url = new URL(request.url ?? '/', 'http://gateway');
    if (url.pathname !== WS_PATH)
      throw new ParleyError('UNKNOWN_ROUTE', `no WebSocket endpoint at ${url.pathname}; use ${WS_PATH}`);
    if (this.closing) throw new ParleyError('UNAVAILABLE', 'this gateway is shutting down; connect again');
    if (!this.queue.ready)
      throw new ParleyError('UNAVAILABLE', 'the gateway cannot reach the message broker; try again shortly');
    const header = request.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7) : url.searchParams.get('token');
    if (!token)
      throw new ParleyError(
        'UNAUTHORIZED',
        'an access token is required (Authorization: Bearer <token>, or ?token=)',
      );
    return this.revocations.authenticate(token);
  }

  private accept(ws: WebSocket, transport: Duplex, claims: AccessClaims): void {
    ws.on('error', () => ws.terminate());
    const bucket = this.limits.admit(claims.sub, Date.now());
    if (!bucket) return ws.close(WS_CLOSE.tooManyConnections, this.limits.tooManyReason);
    const connection = new ClientConnection(
      ws,
      transport,
      claims.sub,
      claims.username,
      bucket,
      this.policy,
      sessionOf(claims),
    );
    ws.on('pong', () => (connection.missedPongs = 0));
    ws.on('message', (data, isBinary) => this.router.route(connection, data as Buffer, isBinary));
    ws.on('close', () => this.closed(connection));
    this.welcome(connection, claims);
  }

  /**
   * Registered and welcomed at once, so everything stored after the welcome reaches it; the user's
   * contacts load meanwhile (their first connection here), and whatever depends on them (a send,
   * a receipt to pass on, a friend's presence) waits for them.
   */
  private welcome(connection: ClientConnection, claims: AccessClaims): void {
    const { userId } = connection;
    this.registry.add(connection);
    this.metrics.welcome();
    void this.presence.report(userId);
    this.guard.watch(connection, claims.exp * 1000);
    connection.push({
      event: 'welcome',
      user: { userId: claims.sub, username: claims.username },
      heartbeatMs: this.config.HEARTBEAT_MS,
    });
    this.delivery
      .contactsOf(userId)
      .catch(() =>
        connection.end(WS_CLOSE.tryAgainLater, 'your contacts cannot be loaded right now; connect again'),
      );
  }

  private closed(connection: ClientConnection): void {
    const { userId } = connection;
    const last = this.registry.remove(connection);
    if (!this.closing) void this.presence.report(userId);
    if (!last) return;
    this.contacts.forget(userId);
    this.limits.left(userId);
  }

  private beat(): void {
    this.limits.sweep(Date.now());
    for (const connection of this.registry.all()) {
      if (connection.missedPongs >= 2) {
        connection.socket.terminate();
        continue;
      }
      connection.missedPongs++;
      connection.socket.ping();
    }
  }
}

function refuse(socket: Duplex, status: number, error: ErrorBody): void {
  const body = JSON.stringify({ error });
  socket.end(
    `HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : 'Error'}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

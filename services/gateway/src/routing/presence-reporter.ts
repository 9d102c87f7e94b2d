import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { GatewayHeartbeat, PresenceReported, ROUTING, envelope } from '@parley/contracts';
import { Publisher } from '@parley/messaging';
import { CONFIG, LOGGER, Logger } from '@parley/platform';
import { GatewayConfig } from '../config';

/**
 * Tells the users service who is connected here: a user's first connection and last disconnection,
 * and a periodic heartbeat so that the users of an instance that died are marked offline.
 */
@Injectable()
export class PresenceReporter implements OnModuleInit, OnModuleDestroy {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    @Inject(Publisher) private readonly publisher: Publisher,
    @Inject(CONFIG) private readonly config: GatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => this.heartbeat(), this.config.HEARTBEAT_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  report(userId: string, online: boolean): Promise<void> {
    const event = envelope(PresenceReported, {
      userId,
      gatewayId: this.config.GATEWAY_ID,
      online,
      at: new Date().toISOString(),
    });
    return this.publisher.publish(ROUTING.presenceReported(userId), event).catch((error: Error) => {
      this.logger.warn(
        { userId, online, err: error.message },
        'could not report presence; it stays stale until the user reconnects',
      );
    });
  }

  private heartbeat(): void {
    const { GATEWAY_ID: gatewayId, HEARTBEAT_MS: intervalMs } = this.config;
    const event = envelope(GatewayHeartbeat, { gatewayId, at: new Date().toISOString(), intervalMs });
    this.publisher.publish(ROUTING.gatewayHeartbeat(gatewayId), event).catch(() => undefined);
  }
}

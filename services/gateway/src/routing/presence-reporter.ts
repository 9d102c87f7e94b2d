import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import {
  EventData,
  GatewayHeartbeat,
  MAX_PRESENCE_REPORTS,
  PresenceReported,
  ROUTING,
  envelope,
} from '@parley/contracts';
import { Coalescer, Publisher } from '@parley/messaging';
import { CONFIG, LOGGER, Logger } from '@parley/platform';
import { GatewayConfig } from '../config';
import { ConnectionRegistry } from '../connections/connection-registry';

type Report = EventData<typeof PresenceReported>['reports'][number];

/**
 * Tells the users service who is connected here: a user's first connection and last disconnection,
 * and a periodic heartbeat so that the users of an instance that died are marked offline.
 *
 * A report the broker did not take is not dropped: the users service would go on believing the
 * user connected here (or not) until they connect again, even when they are online elsewhere. The
 * user is reported again with the next heartbeat, as they are then, so a late report can never undo
 * a newer one.
 */
@Injectable()
export class PresenceReporter implements OnModuleInit, OnModuleDestroy {
  private timer: NodeJS.Timeout | null = null;
  private readonly reports: Coalescer<0, Report>;
  private readonly unreported = new Set<string>();

  constructor(
    private readonly registry: ConnectionRegistry,
    @Inject(Publisher) private readonly publisher: Publisher,
    @Inject(CONFIG) private readonly config: GatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.reports = new Coalescer(MAX_PRESENCE_REPORTS, (_, reports) => this.publish(reports));
  }

  onModuleInit(): void {
    this.timer = setInterval(() => this.heartbeat(), this.config.HEARTBEAT_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  report(userId: string, online: boolean): Promise<void> {
    return this.reports.add(0, { userId, online, at: new Date().toISOString() });
  }

  private async publish(reports: Report[]): Promise<void> {
    const gatewayId = this.config.GATEWAY_ID;
    try {
      await this.publisher.publish(
        ROUTING.presenceReported(gatewayId),
        envelope(PresenceReported, { gatewayId, reports }),
      );
    } catch (error) {
      for (const { userId } of reports) this.unreported.add(userId);
      this.logger.warn(
        { reports: reports.length, err: (error as Error).message },
        'could not report presence; reporting those users again with the next heartbeat',
      );
    }
  }

  private heartbeat(): void {
    const { GATEWAY_ID: gatewayId, HEARTBEAT_MS: intervalMs } = this.config;
    const event = envelope(GatewayHeartbeat, { gatewayId, at: new Date().toISOString(), intervalMs });
    this.publisher.publish(ROUTING.gatewayHeartbeat(gatewayId), event).catch(() => undefined);
    const users = [...this.unreported];
    this.unreported.clear();
    for (const userId of users) void this.report(userId, this.registry.has(userId));
  }
}

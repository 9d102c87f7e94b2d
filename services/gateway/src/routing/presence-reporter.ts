import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import {
  EventData,
  GatewayHeartbeat,
  MAX_PRESENCE_REPORTS,
  PresenceReported,
  envelope,
} from '@parley/contracts';
import { Bus, Coalescer } from '@parley/messaging';
import { CONFIG, LOGGER, Logger } from '@parley/platform';
import { GatewayConfig } from '../config';
import { ConnectionRegistry } from '../connections/connection-registry';

type Report = EventData<typeof PresenceReported>['reports'][number];

/**
 * Tells the users service who is connected here: how many connections each user holds here,
 * whenever that changes (one report per user for all that changed in one turn of the event loop),
 * and a periodic heartbeat so that the users of an instance that died are marked offline.
 *
 * A report the broker did not take is not dropped: the users service would go on believing the
 * user connected here (or not) until they connect again, even when they are online elsewhere. The
 * user is reported again with the next heartbeat, as they are then, so a late report can never undo
 * a newer one. After a heartbeat the broker did not take, everyone connected here is reported again
 * the same way: the users service may have taken this gateway for dead in the meantime.
 */
@Injectable()
export class PresenceReporter implements OnModuleInit, OnModuleDestroy {
  private timer: NodeJS.Timeout | null = null;
  private readonly reports: Coalescer<0, Report>;
  /** The reports of this turn, not yet handed to the broker, by user: a later change updates them. */
  private readonly pending = new Map<string, { report: Report; published: Promise<void> }>();
  private readonly unreported = new Set<string>();

  constructor(
    private readonly registry: ConnectionRegistry,
    @Inject(Bus) private readonly bus: Bus,
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

  /** Reports the user's connections here: as many as are registered, unless told otherwise. */
  report(userId: string, connections = this.registry.of(userId)?.size ?? 0): Promise<void> {
    const at = new Date().toISOString();
    const pending = this.pending.get(userId);
    if (pending) {
      pending.report.online = connections > 0;
      pending.report.connections = connections;
      pending.report.at = at;
      return pending.published;
    }
    const report: Report = { userId, online: connections > 0, connections, at };
    const published = this.reports.add(0, report);
    this.pending.set(userId, { report, published });
    return published;
  }

  private async publish(reports: Report[]): Promise<void> {
    for (const report of reports)
      if (this.pending.get(report.userId)?.report === report) this.pending.delete(report.userId);
    const gatewayId = this.config.GATEWAY_ID;
    try {
      await this.bus.publish(PresenceReported, envelope(PresenceReported, { gatewayId, reports }));
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
    this.bus.publish(GatewayHeartbeat, event).catch(() => {
      // Unheard for a few beats, the users service takes this gateway for dead and forgets its users.
      for (const userId of this.registry.users()) this.unreported.add(userId);
    });
    const users = [...this.unreported];
    this.unreported.clear();
    for (const userId of users) void this.report(userId);
  }
}

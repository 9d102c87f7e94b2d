import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { QUEUES } from '@parley/contracts';
import { Bus, FanOutConsumption } from '@parley/messaging';
import { CONFIG } from '@parley/platform';
import { GatewayConfig } from '../config';
import { SessionRevocations } from '../sessions/session-revocations';
import { LiveDelivery } from './live-delivery';

/** Events in hand at once: a burst is taken in one go, and acked with one multiple-ack per turn. */
const PREFETCH = 1000;

/**
 * This instance's own queue: exclusive, so it lives and dies with the instance, and bound to every
 * message, receipt, friend and presence event; the instance delivers those that concern the users
 * connected here. Connections are accepted only while it is consumed, so nothing stored after a
 * connection is registered can miss it. After a broker outage the queue is recreated and clients
 * are told to resync what they missed.
 */
@Injectable()
export class GatewayQueue implements OnModuleInit, OnModuleDestroy {
  private consumer: FanOutConsumption | null = null;

  constructor(
    @Inject(Bus) private readonly bus: Bus,
    private readonly delivery: LiveDelivery,
    private readonly revocations: SessionRevocations,
    @Inject(CONFIG) private readonly config: GatewayConfig,
  ) {}

  get ready(): boolean {
    return this.consumer?.attached ?? false;
  }

  onModuleInit(): void {
    this.consumer = this.bus.consumeFanOut(QUEUES.gateway(this.config.GATEWAY_ID), {
      handlers: this.delivery.handlers,
      prefetch: PREFETCH,
      onSubscribe: (earlier) => {
        // Bound first, then loaded: a session that ended before the binding is in the list, one after it in an event.
        void this.revocations.load();
        // Events published while no queue was bound here are lost to it: clients catch up from history.
        if (earlier > 0) void this.delivery.resyncAll();
      },
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.consumer?.stop();
  }
}

import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { Channel, ConsumeMessage } from 'amqplib';
import { EventQueue, QUEUES } from '@parley/contracts';
import { AmqpConnection, SupervisedChannel, declareQueue } from '@parley/messaging';
import { CONFIG, LOGGER, Logger } from '@parley/platform';
import { GatewayConfig } from '../config';
import { SessionRevocations } from '../sessions/session-revocations';
import { LiveDelivery } from './live-delivery';

/**
 * This instance's own queue: exclusive, so it lives and dies with the instance, and bound to every
 * message, receipt, friend and presence event; the instance delivers those that concern the users
 * connected here. Connections are accepted only while it is consumed, so nothing stored after a
 * connection is registered can miss it. After a broker outage the queue is recreated and clients
 * are told to resync what they missed.
 */
@Injectable()
export class GatewayQueue implements OnModuleInit, OnModuleDestroy {
  private readonly queue: EventQueue;
  private supervised: SupervisedChannel | null = null;
  private consumerTag: string | null = null;
  /** The last delivery not yet acked, with the channel it came on: acks go once per turn. */
  private unacked: { channel: Channel; message: ConsumeMessage } | null = null;
  private subscriptions = 0;

  constructor(
    @Inject(AmqpConnection) private readonly broker: AmqpConnection,
    private readonly delivery: LiveDelivery,
    private readonly revocations: SessionRevocations,
    @Inject(CONFIG) config: GatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.queue = QUEUES.gateway(config.GATEWAY_ID);
  }

  get ready(): boolean {
    return this.supervised?.current != null;
  }

  onModuleInit(): void {
    this.supervised = this.broker.supervise({
      name: `consumer of ${this.queue.name}`,
      open: (channel) => this.subscribe(channel),
      lost: () => {
        this.consumerTag = null;
        this.unacked = null;
      },
    });
  }

  async onModuleDestroy(): Promise<void> {
    const channel = this.supervised?.current;
    if (channel && this.consumerTag) await channel.cancel(this.consumerTag).catch(() => undefined);
    this.flushAcks();
    await this.supervised?.stop();
  }

  private async subscribe(channel: Channel): Promise<void> {
    await channel.prefetch(1000);
    await declareQueue(channel, this.queue);
    const { consumerTag } = await channel.consume(
      this.queue.name,
      (message) =>
        message
          ? this.receive(channel, message)
          : this.supervised?.renew(channel, `the broker cancelled the consumer of ${this.queue.name}`),
      { noAck: false },
    );
    this.consumerTag = consumerTag;
    // Bound first, then loaded: a session that ended before the binding is in the list, one after it in an event.
    void this.revocations.load();
    // Events published while no queue was bound here are lost to it: clients catch up from history.
    if (this.subscriptions++ > 0) void this.delivery.resyncAll();
  }

  private receive(channel: Channel, message: ConsumeMessage): void {
    try {
      const event = JSON.parse(message.content.toString('utf8')) as { type?: string; data?: unknown };
      if (typeof event.type === 'string') this.delivery.deliver(event.type, event.data);
    } catch (error) {
      this.logger.warn(
        { err: (error as Error).message, routingKey: message.fields.routingKey },
        'dropped an undeliverable event',
      );
    }
    if (this.unacked === null) setImmediate(() => this.flushAcks());
    this.unacked = { channel, message };
  }

  private flushAcks(): void {
    const last = this.unacked;
    this.unacked = null;
    if (last && this.supervised?.owns(last.channel)) last.channel.ack(last.message, true);
  }
}

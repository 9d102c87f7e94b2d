import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import { BINDINGS, EXCHANGES, QUEUES } from '@parley/contracts';
import { AmqpConnection } from '@parley/messaging';
import { CONFIG, HealthRegistry, LOGGER, Logger } from '@parley/platform';
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
  private readonly queue: string;
  private consumer: { channel: Channel; tag: string } | null = null;
  private unacked: ConsumeMessage | null = null;
  private subscriptions = 0;

  constructor(
    @Inject(AmqpConnection) private readonly broker: AmqpConnection,
    private readonly delivery: LiveDelivery,
    private readonly revocations: SessionRevocations,
    @Inject(CONFIG) config: GatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    health: HealthRegistry,
  ) {
    this.queue = QUEUES.gateway(config.GATEWAY_ID);
    health.add({
      name: 'delivery',
      problem: () => (this.consumer ? null : 'not consuming its delivery queue'),
    });
  }

  get ready(): boolean {
    return this.consumer !== null;
  }

  onModuleInit(): Promise<void> {
    return this.broker.addSetup((model) => this.subscribe(model));
  }

  async onModuleDestroy(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = null;
    await consumer?.channel.cancel(consumer.tag).catch(() => undefined);
  }

  private async subscribe(model: ChannelModel): Promise<void> {
    const channel = await model.createChannel();
    channel.on('error', (error: Error) =>
      this.logger.error({ err: error.message }, 'delivery channel error'),
    );
    channel.on('close', () => {
      if (this.consumer?.channel === channel) this.consumer = null;
    });
    await channel.prefetch(1000);
    await channel.assertQueue(this.queue, { exclusive: true, durable: false, autoDelete: true });
    for (const pattern of BINDINGS.gatewayInstance)
      await channel.bindQueue(this.queue, EXCHANGES.events, pattern);
    const { consumerTag } = await channel.consume(
      this.queue,
      (message) => message && this.receive(channel, message),
      { noAck: false },
    );
    this.consumer = { channel, tag: consumerTag };
    // Bound first, then loaded: a session that ended before the binding is in the list, one after it in an event.
    void this.revocations.load();
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
    // Acks are batched: one multiple-ack per turn of the event loop.
    if (this.unacked === null) setImmediate(() => this.flushAcks(channel));
    this.unacked = message;
  }

  private flushAcks(channel: Channel): void {
    const last = this.unacked;
    this.unacked = null;
    if (last && this.consumer?.channel === channel) channel.ack(last, true);
  }
}

import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import { BINDINGS, EXCHANGES, ParleyError, QUEUES } from '@parley/contracts';
import { AmqpConnection } from '@parley/messaging';
import { CONFIG, HealthRegistry, LOGGER, Logger } from '@parley/platform';
import { GatewayConfig } from '../config';
import { LiveDelivery } from './live-delivery';

const BIND_CHANNELS = 8;

/**
 * This instance's own queue: exclusive, so it lives and dies with the instance, and bound only to
 * the users connected here, so the instance receives their events and no one else's. Bindings
 * change in order per user, and a user's connection is ready only once its bindings are in place,
 * so nothing stored after that can miss it. After a broker outage the queue and every binding are
 * recreated and clients are told to resync what they missed.
 */
@Injectable()
export class GatewayQueue implements OnModuleInit, OnModuleDestroy {
  private readonly queue: string;
  private readonly bound = new Set<string>();
  private readonly chains = new Map<string, Promise<void>>();
  private bindChannels: Channel[] = [];
  private consumer: { channel: Channel; tag: string } | null = null;
  private unacked: ConsumeMessage | null = null;
  private subscriptions = 0;

  constructor(
    @Inject(AmqpConnection) private readonly broker: AmqpConnection,
    private readonly delivery: LiveDelivery,
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

  /** Binds a user's events to this instance (once, however many devices); resolves when in place. */
  attach(userId: string): Promise<void> {
    return this.inOrder(userId, async () => {
      if (this.bound.has(userId)) return;
      await this.bind(userId, 'bindQueue');
      this.bound.add(userId);
    });
  }

  /** Unbinds a user, unless they connected again meanwhile (`stillHere` is asked when it is their turn). */
  detach(userId: string, stillHere: () => boolean): Promise<void> {
    return this.inOrder(userId, async () => {
      if (stillHere() || !this.bound.has(userId)) return;
      this.bound.delete(userId);
      await this.bind(userId, 'unbindQueue').catch(() => undefined);
    });
  }

  private inOrder(userId: string, step: () => Promise<void>): Promise<void> {
    const next = (this.chains.get(userId) ?? Promise.resolve()).then(step);
    const settled = next.catch(() => undefined);
    this.chains.set(userId, settled);
    void settled.then(() => this.chains.get(userId) === settled && this.chains.delete(userId));
    return next;
  }

  /** A channel answers one binding at a time, so a user's bindings go out together, each on its own channel. */
  private async bind(userId: string, method: 'bindQueue' | 'unbindQueue'): Promise<void> {
    if (this.bindChannels.length === 0 || !this.consumer)
      throw new ParleyError('UNAVAILABLE', 'the message broker is unavailable; try again shortly');
    const first = hash(userId);
    await Promise.all(
      BINDINGS.gatewayUser(userId).map((pattern, i) =>
        this.bindChannels[(first + i) % BIND_CHANNELS]![method](this.queue, EXCHANGES.events, pattern),
      ),
    );
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
    this.bindChannels = await Promise.all(Array.from({ length: BIND_CHANNELS }, () => model.createChannel()));
    for (const bindChannel of this.bindChannels) bindChannel.on('error', () => undefined);
    const { consumerTag } = await channel.consume(
      this.queue,
      (message) => message && this.receive(channel, message),
      { noAck: false },
    );
    this.consumer = { channel, tag: consumerTag };
    // The queue is new: bind everyone connected through the outage, then have them catch up.
    const users = [...this.bound];
    for (const userId of users) await this.bind(userId, 'bindQueue');
    if (this.subscriptions++ > 0) this.delivery.resyncAll();
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

function hash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return h >>> 0;
}

import type { Channel, ConsumeMessage } from 'amqplib';
import { AnyEventContract, EventQueue } from '@parley/contracts';
import { AmqpConnection } from './amqp-connection';
import { decode } from './codec';
import { FanOutHandlers, fanOut } from './fan-out';
import { MessagingLogger } from './logger';
import { SupervisedChannel } from './supervised-channel';
import { declareQueue } from './topology';

export interface FanOutOptions<C extends readonly AnyEventContract[]> {
  handlers: FanOutHandlers<C>;
  prefetch: number;
  /** Called on every subscription with how many came before it: events published in between were lost to it. */
  onSubscribe?: (earlier: number) => void;
}

/**
 * Consumes one process's own fan-out queue: it declares the queue on every channel it opens (an
 * exclusive queue goes with the channel that consumed it), hands each event to the handler of its
 * type, and acks once per turn of the event loop with one multiple-ack. An event that cannot be
 * delivered is logged and dropped: it concerns live delivery only, which clients catch up on.
 */
export class FanOutConsumer<C extends readonly AnyEventContract[]> {
  private readonly dispatch: (type: string, data: unknown) => void;
  private supervised: SupervisedChannel | null = null;
  /** The last delivery not yet acked, with the channel it came on. */
  private unacked: { channel: Channel; message: ConsumeMessage } | null = null;
  private subscriptions = 0;

  constructor(
    private readonly queue: EventQueue<C>,
    private readonly options: FanOutOptions<C>,
    private readonly logger: MessagingLogger,
  ) {
    this.dispatch = fanOut(queue, options.handlers);
  }

  get attached(): boolean {
    return this.supervised?.current != null;
  }

  attach(connection: AmqpConnection): void {
    this.supervised ??= connection.supervise({
      name: `consumer of ${this.queue.name}`,
      open: (channel, supervisor) => this.subscribe(channel, supervisor),
      lost: () => (this.unacked = null),
    });
  }

  async stop(): Promise<void> {
    await this.supervised?.cancelConsumers();
    this.flushAcks();
    await this.supervised?.stop();
  }

  private async subscribe(channel: Channel, supervisor: SupervisedChannel): Promise<void> {
    await channel.prefetch(this.options.prefetch);
    await declareQueue(channel, this.queue);
    await supervisor.consume(channel, this.queue.name, (message) => this.receive(channel, message));
    this.options.onSubscribe?.(this.subscriptions++);
  }

  private receive(channel: Channel, message: ConsumeMessage): void {
    try {
      const event = decode(message.content, 'the event') as { type?: unknown; data?: unknown } | null;
      this.dispatch(String(event?.type), event?.data);
    } catch (error) {
      this.logger.warn(
        { queue: this.queue.name, err: (error as Error).message, routingKey: message.fields.routingKey },
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

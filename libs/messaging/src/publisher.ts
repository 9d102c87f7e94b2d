import { EXCHANGES, Envelope, ParleyError } from '@parley/contracts';
import { AmqpConnection } from './amqp-connection';

export interface Outgoing {
  routingKey: string;
  event: Envelope<unknown>;
}

/**
 * Publishes events persistently through the connection's confirm channel. Confirms are pipelined:
 * each publish resolves when the broker has taken responsibility for it, and many can be in flight
 * at once. When the channel's buffer is full, later publishes wait for 'drain' instead of piling on.
 */
export class Publisher {
  private drained: Promise<void> | null = null;

  constructor(private readonly connection: AmqpConnection) {}

  async publish(routingKey: string, event: Envelope<unknown>): Promise<void> {
    if (this.drained) await this.drained;
    const channel = this.connection.publishChannel;
    if (!channel)
      throw new ParleyError('UNAVAILABLE', 'the message broker is unavailable; try again shortly');
    let writable = true;
    const confirmed = new Promise<void>((resolve, reject) => {
      writable = channel.publish(
        EXCHANGES.events,
        routingKey,
        Buffer.from(JSON.stringify(event)),
        {
          persistent: true,
          contentType: 'application/json',
          messageId: event.id,
          type: event.type,
          correlationId: event.correlationId,
        },
        (error) =>
          error
            ? reject(new ParleyError('UNAVAILABLE', 'the message broker did not accept the event; try again'))
            : resolve(),
      );
    });
    if (!writable) this.waitForDrain();
    return confirmed;
  }

  /** Publishes all and resolves when every one is confirmed. */
  publishAll(outgoing: readonly Outgoing[]): Promise<void[]> {
    return Promise.all(outgoing.map((o) => this.publish(o.routingKey, o.event)));
  }

  private waitForDrain(): void {
    this.drained ??= new Promise<void>((resolve) => {
      const done = () => {
        this.connection.off('drain', done);
        this.connection.off('lost', done);
        this.drained = null;
        resolve();
      };
      this.connection.on('drain', done);
      this.connection.on('lost', done);
    });
  }
}

import { EXCHANGES, Envelope, EventContract, ParleyError } from '@parley/contracts';
import type { ConfirmChannel } from 'amqplib';
import { z } from 'zod';
import { AmqpConnection } from './amqp-connection';
import { SupervisedChannel } from './supervised-channel';
import { CONTENT_TYPE, encode } from './codec';

/**
 * Publishes events persistently through a confirm channel of its own. Confirms are pipelined:
 * each publish resolves when the broker has taken responsibility for it, and many can be in flight
 * at once. When the channel's buffer is full, later publishes wait for 'drain' instead of piling on.
 * Publishes unconfirmed when the channel closes fail as UNAVAILABLE: the caller still has the event.
 */
export class Publisher {
  private readonly channel: SupervisedChannel<ConfirmChannel>;
  private drained: { promise: Promise<void>; resolve: () => void } | null = null;

  constructor(connection: AmqpConnection) {
    this.channel = connection.supervise<ConfirmChannel>({
      name: 'publisher',
      confirm: true,
      open: async (channel) => void channel.on('drain', () => this.drain()),
      lost: () => this.drain(),
    });
  }

  /** Publishes under the routing key its contract makes of its data. */
  async publish<T extends string, S extends z.ZodType>(
    contract: EventContract<T, S, never>,
    event: NoInfer<Envelope<z.infer<S>, T>>,
  ): Promise<void> {
    const routingKey = contract.routingKey(event.data);
    if (this.drained) await this.drained.promise;
    const channel = this.channel.current ?? (await this.channel.opened());
    if (!channel)
      throw new ParleyError('UNAVAILABLE', 'the message broker is unavailable; try again shortly');
    let writable = true;
    const confirmed = new Promise<void>((resolve, reject) => {
      writable = channel.publish(
        EXCHANGES.events,
        routingKey,
        encode(event),
        {
          persistent: true,
          contentType: CONTENT_TYPE,
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
  publishAll<T extends string, S extends z.ZodType>(
    contract: EventContract<T, S, never>,
    events: readonly NoInfer<Envelope<z.infer<S>, T>>[],
  ): Promise<void[]> {
    return Promise.all(events.map((event) => this.publish(contract, event)));
  }

  private waitForDrain(): void {
    if (this.drained) return;
    let resolve = () => {};
    const promise = new Promise<void>((r) => (resolve = r));
    this.drained = { promise, resolve };
  }

  private drain(): void {
    const drained = this.drained;
    this.drained = null;
    drained?.resolve();
  }
}

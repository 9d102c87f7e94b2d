import { EXCHANGES, Envelope } from '@parley/contracts';
import { decode } from '@parley/messaging';
import * as amqp from 'amqplib';
import { waitUntil } from './eventually';

export interface TappedEvent {
  routingKey: string;
  event: Envelope<unknown>;
}

/** What the events exchange routes to `patterns`, collected from an exclusive queue of the test's own. */
export class EventTap {
  readonly received: TappedEvent[] = [];

  private constructor(private readonly connection: amqp.ChannelModel) {}

  static async listen(rabbitUrl: string, patterns: readonly string[]): Promise<EventTap> {
    const connection = await amqp.connect(rabbitUrl);
    const channel = await connection.createChannel();
    await channel.assertExchange(EXCHANGES.events, 'topic', { durable: true });
    const { queue } = await channel.assertQueue('', { exclusive: true });
    for (const pattern of patterns) await channel.bindQueue(queue, EXCHANGES.events, pattern);
    const tap = new EventTap(connection);
    await channel.consume(
      queue,
      (m) =>
        m &&
        tap.received.push({
          routingKey: m.fields.routingKey,
          event: decode(m.content, 'the event') as Envelope<unknown>,
        }),
      { noAck: true },
    );
    return tap;
  }

  waitFor(predicate: (e: TappedEvent) => boolean, timeoutMs = 15_000): Promise<TappedEvent> {
    return waitUntil(() => this.received.find(predicate), {
      timeoutMs,
      what: 'a matching event',
      details: () => `got ${JSON.stringify(this.received.map((r) => r.routingKey))}`,
      everyMs: 50,
    });
  }

  close(): Promise<void> {
    return this.connection.close();
  }
}

import type { Channel, ConsumeMessage } from 'amqplib';
import { backoffDelay, sleep } from '@parley/async';
import { EventContract, Envelope } from '@parley/contracts';
import { z } from 'zod';
import { AmqpConnection } from './amqp-connection';
import { isTransient } from './errors';
import { BatchOptions, QueueOf } from './bus';
import { MessagingLogger } from './logger';
import { MessagingMetrics, UNMEASURED } from './messaging-metrics';
import { SupervisedChannel } from './supervised-channel';
import { decode } from './codec';

export interface Delivery<T> {
  readonly event: Envelope<T>;
  readonly redelivered: boolean;
}

/** `alone`: the batch is one message being retried by itself, to tell a poison message from the rest. */
export type BatchHandler<T> = (batch: readonly Delivery<T>[], options: { alone: boolean }) => Promise<void>;

interface Pending<T> {
  delivery: Delivery<T>;
  message: ConsumeMessage;
}

/**
 * Consumes one queue in batches: whatever has arrived by the next turn of the event loop, up to
 * `maxBatch`, goes to the handler at once, so writes and publishes are batched across messages.
 * Batches run one after another, which keeps a queue's order. Every message is settled exactly
 * once on the channel that delivered it:
 * - success: acked (one multiple-ack for the batch);
 * - malformed on arrival: dead-lettered;
 * - transient failure (database or broker down): kept and retried with back-off, not counted;
 * - any other failure: the batch is split and each message retried alone, and one that still fails
 *   is requeued, which the quorum queue's delivery limit turns into a dead letter.
 */
export class BatchConsumer<T> {
  private supervised: SupervisedChannel | null = null;
  private buffer: Pending<T>[] = [];
  private running: Promise<void> | null = null;
  private inHandSince: number | null = null;
  private stopped = false;
  private readonly byType: Map<string, EventContract<string, z.ZodType<T>>>;

  constructor(
    private readonly queue: QueueOf<T>,
    private readonly options: BatchOptions<T>,
    private readonly logger: MessagingLogger,
    private readonly metrics: MessagingMetrics = UNMEASURED,
  ) {
    this.byType = new Map(queue.carries.map((c) => [c.type, c]));
  }

  /** How long the batch in hand has been in hand (handled, retried or split), in ms; 0 if none. */
  inHandFor(now = Date.now()): number {
    return this.inHandSince === null ? 0 : now - this.inHandSince;
  }

  attach(connection: AmqpConnection): void {
    if (this.stopped || this.supervised) return;
    this.supervised = connection.supervise({
      name: `consumer of ${this.queue.name}`,
      open: (channel, supervisor) => this.subscribe(channel, supervisor),
      // Unsettled messages return to the queue with the channel; drop our copies.
      lost: () => (this.buffer = []),
    });
  }

  /** Stops taking messages and waits for the batch in hand to be settled. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.supervised?.cancelConsumers();
    await this.running;
    await this.supervised?.stop();
  }

  private async subscribe(channel: Channel, supervisor: SupervisedChannel): Promise<void> {
    await channel.prefetch(this.options.prefetch);
    this.buffer = [];
    this.options.onSubscribe?.();
    await supervisor.consume(channel, this.queue.name, (message) => this.receive(channel, message));
  }

  private receive(channel: Channel, message: ConsumeMessage): void {
    const event = this.decode(message);
    if (!event) {
      channel.nack(message, false, false);
      return;
    }
    this.buffer.push({ delivery: { event, redelivered: message.fields.redelivered }, message });
    this.running ??= this.drain(channel);
  }

  private decode(message: ConsumeMessage): Envelope<T> | null {
    let body: unknown;
    try {
      body = decode(message.content, 'the message');
    } catch {
      this.logger.warn({ queue: this.queue.name }, 'dead-lettering a message that is not JSON');
      return null;
    }
    const type = (body as { type?: unknown } | null)?.type;
    const contract = typeof type === 'string' ? this.byType.get(type) : undefined;
    if (!contract) {
      this.logger.warn(
        { queue: this.queue.name, type },
        'dead-lettering an event of a type this queue does not carry',
      );
      return null;
    }
    const parsed = contract.envelope.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      this.logger.warn(
        { queue: this.queue.name, type, path: issue?.path.join('.'), reason: issue?.message },
        'dead-lettering a malformed event',
      );
      return null;
    }
    return parsed.data;
  }

  private async drain(channel: Channel): Promise<void> {
    const linger = this.options.lingerMs ?? 0;
    if (linger > 0 && this.buffer.length < this.options.maxBatch) await sleep(linger);
    else await new Promise<void>((resolve) => setImmediate(resolve));
    try {
      while (this.buffer.length > 0 && this.live(channel)) {
        const batch = this.buffer.splice(0, this.options.maxBatch);
        this.metrics.batchTaken(this.queue.name, batch.length);
        this.inHandSince = Date.now();
        await this.process(channel, batch);
      }
    } finally {
      this.inHandSince = null;
      this.running = null;
      // What arrived meanwhile came on the current channel, which may be a fresh one.
      const current = this.supervised?.current;
      if (this.buffer.length > 0 && current) this.running = this.drain(current);
    }
  }

  private live(channel: Channel): boolean {
    return this.supervised?.owns(channel) ?? false;
  }

  private async process(channel: Channel, batch: Pending<T>[], alone = false): Promise<void> {
    for (let attempt = 0; this.live(channel); attempt++) {
      try {
        await this.options.handler(
          batch.map((p) => p.delivery),
          { alone },
        );
        channel.ack(batch[batch.length - 1]!.message, true);
        return;
      } catch (error) {
        if (!isTransient(error)) return this.isolate(channel, batch, error);
        const delay = backoffDelay(attempt);
        this.logger.warn(
          { queue: this.queue.name, err: (error as Error).message, retryInMs: delay },
          'batch failed transiently; retrying',
        );
        await sleep(delay);
      }
    }
  }

  private async isolate(channel: Channel, batch: Pending<T>[], cause: unknown): Promise<void> {
    if (batch.length === 1) {
      const [only] = batch;
      this.logger.error(
        { queue: this.queue.name, eventId: only!.delivery.event.id, err: (cause as Error).message },
        'message failed; requeued (dead-lettered after the delivery limit)',
      );
      channel.nack(only!.message, false, true);
      return;
    }
    for (const single of batch) await this.process(channel, [single], true);
  }
}

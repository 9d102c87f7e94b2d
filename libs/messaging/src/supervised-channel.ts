import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import { backoffDelay, sleep } from '@parley/async';
import { MessagingLogger } from './logger';

/** What one channel is for: how a fresh one is set up, and what to forget when it goes. */
export interface ChannelRole<C extends Channel = Channel> {
  /** Names the channel in logs and in `/health`, such as `consumer of store.messages.3`. */
  readonly name: string;
  /** A confirm channel, for publishing with broker confirms. */
  readonly confirm?: boolean;
  /** Prefetch, declarations and consumers (through `supervisor.consume`): runs on every channel opened for this role. */
  open(channel: C, supervisor: SupervisedChannel<C>): Promise<void>;
  /** The channel has closed: its unsettled deliveries are back in their queues, its replies lost. */
  lost?(channel: C): void;
}

/**
 * The least wait before a closed channel is reopened, before the back-off's own: a channel the
 * broker closed over something this process sent may well be closed again at once, and a loop of
 * that should be slow enough to show in the logs and in `/health`, never a spin.
 */
const REOPEN_AFTER_MS = 100;

/** A channel that has lived this long has recovered: the next failure starts the back-off over. */
const HEALTHY_LIFETIME_MS = 30_000;

/**
 * Keeps one channel of a role open on the current connection. When the broker closes the channel
 * (a channel error, a consumer cancelled) while the connection lives, a fresh one is opened with
 * back-off; when the connection goes, the reconnection opens it again. Until it is open again
 * `problem()` says so, which `/health` reports for every supervised channel.
 */
export class SupervisedChannel<C extends Channel = Channel> {
  private model: ChannelModel | null = null;
  private channel: C | null = null;
  private ready = false;
  private stopped = false;
  private failures = 0;
  private openedAt = 0;
  private opening: Promise<void> | null = null;
  /** The consumers of the current channel, to cancel when the role stops. */
  private consumerTags: string[] = [];
  /** Bumped by each retry loop started, so that a newer loop supersedes an older one. */
  private retries = 0;
  private trouble = 'not connected yet';

  constructor(
    readonly role: ChannelRole<C>,
    private readonly logger: MessagingLogger,
  ) {}

  /** The open channel, once set up; null while there is none. */
  get current(): C | null {
    return this.ready ? this.channel : null;
  }

  /** The open channel, waiting for one being opened right now; null if there is none. */
  async opened(): Promise<C | null> {
    await this.opening?.catch(() => undefined);
    return this.current;
  }

  /** Whether `channel` is still the one this role works on: settle on it, or drop what came on it. */
  owns(channel: Channel): boolean {
    return this.channel === channel && !this.stopped;
  }

  problem(): string | null {
    return this.ready || this.stopped ? null : this.trouble;
  }

  /** Opens the role's channel on a new connection; a failure is retried, never thrown. */
  async connected(model: ChannelModel): Promise<void> {
    this.model = model;
    this.failures = 0;
    if (this.stopped) return;
    try {
      await this.open(model);
    } catch (error) {
      this.failed(error);
      this.retry(model);
    }
  }

  /** The connection is gone: there is nothing to reopen on until the next one. */
  disconnected(reason: string): void {
    this.model = null;
    this.trouble = reason;
  }

  /**
   * Consumes `queue` on `channel` with manual acks, for a role's `open`. When the broker cancels
   * the consumer (its queue deleted), the channel is renewed, and `open` consumes again.
   */
  async consume(channel: C, queue: string, receive: (message: ConsumeMessage) => void): Promise<void> {
    const { consumerTag } = await channel.consume(
      queue,
      (message) =>
        message ? receive(message) : this.renew(channel, `the broker cancelled the consumer of ${queue}`),
      { noAck: false },
    );
    if (this.channel === channel) this.consumerTags.push(consumerTag);
  }

  /** Stops the consumers of the current channel: no more deliveries come, those in hand may still be settled. */
  async cancelConsumers(): Promise<void> {
    const channel = this.current;
    for (const tag of this.consumerTags.splice(0)) await channel?.cancel(tag).catch(() => undefined);
  }

  /** Replaces the channel with a fresh one, such as after the broker cancelled its consumer. */
  renew(channel: C, why: string): void {
    if (!this.owns(channel)) return;
    this.logger.warn({ channel: this.role.name, why }, 'renewing a channel');
    this.trouble = why;
    void channel.close().catch(() => undefined);
  }

  /** Stops supervising and closes the channel; call it once the role's work in hand is settled. */
  async stop(): Promise<void> {
    this.stopped = true;
    const channel = this.channel;
    this.channel = null;
    this.ready = false;
    await channel?.close().catch(() => undefined);
  }

  private open(model: ChannelModel): Promise<void> {
    const opening = this.openOn(model).finally(() => {
      if (this.opening === opening) this.opening = null;
    });
    this.opening = opening;
    return opening;
  }

  private async openOn(model: ChannelModel): Promise<void> {
    const channel = (
      this.role.confirm ? await model.createConfirmChannel() : await model.createChannel()
    ) as C;
    channel.on('error', (error: Error) => {
      this.trouble = `the broker closed the channel: ${error.message}`;
      this.logger.error({ channel: this.role.name, err: error.message }, 'channel error');
    });
    channel.on('close', () => this.closed(model, channel));
    this.channel = channel;
    this.consumerTags = [];
    try {
      await this.role.open(channel, this);
    } catch (error) {
      if (this.channel === channel) this.channel = null;
      await channel.close().catch(() => undefined);
      throw error;
    }
    if (this.stopped || this.model !== model || this.channel !== channel) {
      await channel.close().catch(() => undefined);
      return;
    }
    this.ready = true;
    this.trouble = '';
    this.openedAt = Date.now();
  }

  private closed(model: ChannelModel, channel: C): void {
    if (this.channel !== channel) return;
    const wasReady = this.ready;
    this.channel = null;
    this.consumerTags = [];
    this.ready = false;
    this.role.lost?.(channel);
    if (this.stopped) return;
    if (wasReady && Date.now() - this.openedAt >= HEALTHY_LIFETIME_MS) this.failures = 0;
    if (this.trouble === '') this.trouble = 'the channel closed';
    this.retry(model);
  }

  /** Reopens on `model` with back-off until it works, the connection goes, or the role stops. */
  private retry(model: ChannelModel): void {
    const loop = ++this.retries;
    const current = () => loop === this.retries && !this.stopped && this.model === model && !this.channel;
    void (async () => {
      while (current()) {
        await sleep(REOPEN_AFTER_MS + backoffDelay(this.failures++));
        if (!current()) return;
        try {
          await this.open(model);
          this.logger.info({ channel: this.role.name }, 'channel reopened');
        } catch (error) {
          this.failed(error);
        }
      }
    })();
  }

  private failed(error: unknown): void {
    this.trouble = `cannot open the channel: ${(error as Error).message}`;
    this.logger.error(
      { channel: this.role.name, err: (error as Error).message },
      'cannot open a channel; retrying',
    );
  }
}

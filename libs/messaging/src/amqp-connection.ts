import * as amqp from 'amqplib';
import { backoffDelay, sleep } from '@parley/async';
import { MessagingLogger } from './logger';
import { dropFramesOfClosedChannels } from './late-frames';
import { redactUrl } from './redact-url';
import { ChannelRole, SupervisedChannel } from './supervised-channel';

export interface AmqpConnectionOptions {
  url: string;
  name: string;
  logger: MessagingLogger;
  heartbeatSeconds?: number;
  /** Declares the shared topology on every (re)connection, before any channel of a role opens. */
  declare?: (channel: amqp.Channel) => Promise<void>;
}

/**
 * One AMQP connection per process, kept alive: it reconnects with back-off after any loss,
 * declares the topology again and reopens every supervised channel. Every channel of the process
 * (publishing, each consumer, RPC) is a SupervisedChannel made here, so each recovers the same way
 * and each shows in `/health` while it is down.
 */
export class AmqpConnection {
  private connection: amqp.ChannelModel | null = null;
  private connected = false;
  private readonly supervised: SupervisedChannel<amqp.Channel>[] = [];
  private closing = false;
  private connecting: Promise<void> | null = null;
  private lastError = 'not connected yet';

  constructor(private readonly options: AmqpConnectionOptions) {}

  get isReady(): boolean {
    return this.connected;
  }

  get status(): string {
    return this.isReady ? 'connected' : this.lastError;
  }

  /** Every supervised channel, each with what is wrong with it (null when it is open). */
  get channels(): readonly { name: string; problem(): string | null }[] {
    return this.supervised.map((s) => ({ name: s.role.name, problem: () => s.problem() }));
  }

  /** A channel for `role`, opened now if connected and on every connection from now on. */
  supervise<C extends amqp.Channel>(role: ChannelRole<C>): SupervisedChannel<C> {
    const supervised = new SupervisedChannel<C>(role, this.options.logger);
    this.supervised.push(supervised as unknown as SupervisedChannel<amqp.Channel>);
    if (this.connection && this.connected) void supervised.connected(this.connection);
    return supervised;
  }

  /** Starts connecting in the background; resolves on the first successful connection. */
  start(): Promise<void> {
    this.connecting ??= this.connectLoop();
    return this.connecting;
  }

  async close(): Promise<void> {
    this.closing = true;
    const connection = this.connection;
    this.forget('the connection is closing');
    if (connection) await connection.close().catch(() => undefined);
  }

  private async connectLoop(): Promise<void> {
    for (let attempt = 0; !this.closing; attempt++) {
      try {
        await this.connectOnce();
        return;
      } catch (error) {
        this.lastError = `cannot reach RabbitMQ at ${redactUrl(this.options.url)}: ${(error as Error).message}`;
        const delay = backoffDelay(attempt);
        this.options.logger.error({ attempt, retryInMs: delay }, `${this.lastError}; retrying`);
        const connection = this.connection;
        this.forget(this.lastError);
        await connection?.close().catch(() => undefined);
        await sleep(delay);
      }
    }
  }

  private async connectOnce(): Promise<void> {
    const connection = await amqp.connect(this.options.url, {
      clientProperties: { connection_name: this.options.name },
      heartbeat: this.options.heartbeatSeconds ?? 10,
      // amqplib leaves Nagle's algorithm on: a small publish or RPC reply then waits for the
      // broker's delayed ACK, about 40 ms, on every round trip.
      noDelay: true,
    });
    this.connection = connection;
    dropFramesOfClosedChannels(connection, this.options.logger);
    connection.on('error', (error: Error) => {
      this.lastError = `RabbitMQ connection error: ${error.message}`;
    });
    connection.on('close', () => this.onConnectionLost(connection));
    if (this.options.declare) {
      const channel = await connection.createChannel();
      await this.options.declare(channel);
      await channel.close();
    }
    this.connected = true;
    await Promise.all(this.supervised.map((s) => s.connected(connection)));
    this.options.logger.info({ url: redactUrl(this.options.url) }, 'connected to RabbitMQ');
  }

  private forget(reason: string): void {
    this.connection = null;
    this.connected = false;
    for (const s of this.supervised) s.disconnected(reason);
  }

  private onConnectionLost(connection: amqp.ChannelModel): void {
    if (this.connection !== connection) return;
    this.forget('the connection to RabbitMQ is lost');
    if (this.closing) return;
    this.lastError = 'RabbitMQ connection lost';
    this.options.logger.warn({}, 'RabbitMQ connection lost; reconnecting');
    this.connecting = this.connectLoop();
  }
}

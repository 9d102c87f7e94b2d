import * as amqp from 'amqplib';
import { EventEmitter } from 'node:events';
import { backoffDelay, redactUrl, sleep } from './backoff';
import { MessagingLogger } from './logger';

/** Declares topology or starts consumers; runs on every (re)connection, in registration order. */
export type SetupStep = (connection: amqp.ChannelModel, publishChannel: amqp.ConfirmChannel) => Promise<void>;

export interface AmqpConnectionOptions {
  url: string;
  name: string;
  logger: MessagingLogger;
  heartbeatSeconds?: number;
}

/**
 * One AMQP connection per process, kept alive: it reconnects with back-off after any loss and
 * replays every registered setup step, so consumers re-subscribe and topology is redeclared.
 * Publishing goes through one confirm channel, pipelined (see Publisher).
 */
export class AmqpConnection extends EventEmitter {
  private connection: amqp.ChannelModel | null = null;
  private channel: amqp.ConfirmChannel | null = null;
  private readonly steps: SetupStep[] = [];
  private closing = false;
  private connecting: Promise<void> | null = null;
  private lastError = 'not connected yet';

  constructor(private readonly options: AmqpConnectionOptions) {
    super();
    this.setMaxListeners(100);
  }

  get isReady(): boolean {
    return this.channel !== null;
  }

  get status(): string {
    return this.isReady ? 'connected' : this.lastError;
  }

  get publishChannel(): amqp.ConfirmChannel | null {
    return this.channel;
  }

  /** Registers a step; if already connected it runs now as well. */
  async addSetup(step: SetupStep): Promise<void> {
    this.steps.push(step);
    if (this.connection && this.channel) await step(this.connection, this.channel);
  }

  /** Starts connecting in the background; resolves on the first successful connection. */
  start(): Promise<void> {
    this.connecting ??= this.connectLoop();
    return this.connecting;
  }

  async waitUntilReady(timeoutMs: number): Promise<void> {
    if (this.isReady) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.off('ready', onReady);
        reject(new Error(`RabbitMQ not reachable within ${timeoutMs} ms: ${this.lastError}`));
      }, timeoutMs);
      const onReady = () => {
        clearTimeout(timer);
        resolve();
      };
      this.once('ready', onReady);
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    const connection = this.connection;
    this.connection = null;
    this.channel = null;
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
        await this.connection?.close().catch(() => undefined);
        this.connection = null;
        this.channel = null;
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
    connection.on('error', (error: Error) => {
      this.lastError = `RabbitMQ connection error: ${error.message}`;
    });
    connection.on('close', () => this.onConnectionLost(connection));
    const channel = await connection.createConfirmChannel();
    channel.on('error', (error: Error) => {
      this.options.logger.error({ err: error.message }, 'publish channel error');
    });
    channel.on('close', () => {
      if (this.channel === channel) this.channel = null;
      if (this.connection === connection && !this.closing) void connection.close().catch(() => undefined);
    });
    channel.on('drain', () => this.emit('drain'));
    for (const step of this.steps) await step(connection, channel);
    this.channel = channel;
    this.options.logger.info({ url: redactUrl(this.options.url) }, 'connected to RabbitMQ');
    this.emit('ready');
  }

  private onConnectionLost(connection: amqp.ChannelModel): void {
    if (this.connection !== connection) return;
    this.connection = null;
    this.channel = null;
    if (this.closing) return;
    this.lastError = 'RabbitMQ connection lost';
    this.options.logger.warn({}, 'RabbitMQ connection lost; reconnecting');
    this.emit('lost');
    this.connecting = this.connectLoop();
  }
}

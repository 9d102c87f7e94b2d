import type { Channel, ConsumeMessage } from 'amqplib';
import { CustomTransportStrategy, Server } from '@nestjs/microservices';
import {
  AnyRpcContract,
  ErrorBody,
  ParleyError,
  RPC_DEADLINE_HEADER,
  RpcQueue,
  RpcReply,
  invalidField,
  rpcContractsOf,
} from '@parley/contracts';
import { lastValueFrom } from 'rxjs';
import { AmqpConnection } from './amqp-connection';
import { isTransient } from './errors';
import { MessagingLogger } from './logger';
import { SupervisedChannel } from './supervised-channel';
import { declareQueue } from './topology';
import { CONTENT_TYPE, decode, encode } from './codec';

export interface AmqpRpcServerOptions {
  connection: AmqpConnection;
  /** The queues it serves; the handler of each request they carry is a Nest `@MessagePattern(contract.pattern)`. */
  queues: readonly RpcQueue[];
  prefetch?: number;
  logger: MessagingLogger;
}

/**
 * A Nest microservice transport over amqplib. Requests are validated against their contract
 * before a handler sees them, every request is acked exactly once, and every failure becomes an
 * error reply with a code, so a malformed request never crashes the service or blocks its queue.
 */
export class AmqpRpcServer extends Server implements CustomTransportStrategy {
  private readonly contracts: Map<string, AnyRpcContract>;
  private readonly queues: readonly RpcQueue[];
  private supervised: SupervisedChannel | null = null;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly options: AmqpRpcServerOptions) {
    super();
    this.queues = options.queues;
    this.contracts = new Map(this.queues.flatMap(rpcContractsOf).map((c) => [c.pattern, c]));
  }

  listen(callback: () => void): void {
    this.supervised ??= this.options.connection.supervise({
      name: `rpc server of ${this.queues.map((q) => q.name).join(', ')}`,
      open: (channel, supervisor) => this.subscribe(channel, supervisor),
    });
    callback();
  }

  /** Stops taking requests and answers those in hand before the channel closes. */
  async close(): Promise<void> {
    await this.supervised?.cancelConsumers();
    await Promise.allSettled([...this.inFlight]);
    await this.supervised?.stop();
  }

  on(): void {
    throw new Error('AmqpRpcServer emits no events');
  }

  unwrap<T>(): T {
    return this.supervised?.current as T;
  }

  private async subscribe(channel: Channel, supervisor: SupervisedChannel): Promise<void> {
    await channel.prefetch(this.options.prefetch ?? 64);
    for (const queue of this.queues) {
      await declareQueue(channel, queue);
      await supervisor.consume(channel, queue.name, (message) => this.track(this.handle(channel, message)));
    }
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private async handle(channel: Channel, message: ConsumeMessage): Promise<void> {
    const { replyTo, correlationId, type, headers } = message.properties as {
      replyTo?: string;
      correlationId?: string;
      type?: string;
      headers?: Record<string, unknown>;
    };
    // The expiration drops a request still queued; one already delivered late is dropped here,
    // so a backlog is not worked through for callers that have given up.
    const deadline = headers?.[RPC_DEADLINE_HEADER];
    if (typeof deadline === 'number' && Date.now() > deadline) {
      channel.ack(message);
      return;
    }
    let reply: RpcReply<unknown>;
    try {
      reply = { ok: true, data: await this.dispatch(type, message.content) };
    } catch (error) {
      reply = { ok: false, error: this.toErrorBody(error, type) };
    }
    try {
      if (replyTo)
        channel.sendToQueue(replyTo, encode(reply), {
          correlationId,
          contentType: CONTENT_TYPE,
        });
      channel.ack(message);
    } catch (error) {
      this.options.logger.warn(
        { err: (error as Error).message },
        'could not settle an rpc request; the broker will redeliver it',
      );
    }
  }

  private async dispatch(pattern: string | undefined, content: Buffer): Promise<unknown> {
    const contract = pattern ? this.contracts.get(pattern) : undefined;
    const handler = pattern ? this.getHandlerByPattern(pattern) : null;
    if (!contract || !handler) throw new ParleyError('UNKNOWN_TYPE', `no such request: ${String(pattern)}`);
    const parsed = contract.request.safeParse(decode(content, 'the request body'));
    if (!parsed.success) throw invalidField(parsed.error);
    return lastValueFrom(this.transformToObservable(await handler(parsed.data)), { defaultValue: undefined });
  }

  private toErrorBody(error: unknown, pattern: string | undefined): ErrorBody {
    if (error instanceof ParleyError) return error.toBody();
    if (isTransient(error))
      return {
        code: 'UNAVAILABLE',
        message: 'the service cannot reach its database or broker; try again shortly',
      };
    this.options.logger.error(
      { pattern, err: (error as Error)?.stack ?? String(error) },
      'rpc handler failed',
    );
    return { code: 'INTERNAL', message: 'the service failed to handle the request' };
  }
}

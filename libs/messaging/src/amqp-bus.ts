import { AnyEventContract, Envelope, EventContract, EventQueue, RpcContract } from '@parley/contracts';
import { z } from 'zod';
import { AmqpConnection } from './amqp-connection';
import { BatchConsumer } from './batch-consumer';
import { BatchConsumption, BatchOptions, Bus, FanOutConsumption, QueueOf } from './bus';
import { FanOutConsumer, FanOutOptions } from './fan-out-consumer';
import { MessagingLogger } from './logger';
import { MessagingMetrics, UNMEASURED } from './messaging-metrics';
import { Publisher } from './publisher';
import { RpcClient } from './rpc-client';

/** The bus over one process's AMQP connection: every channel it uses is supervised by the connection. */
export class AmqpBus extends Bus {
  private readonly publisher: Publisher;
  private readonly rpc: RpcClient;

  constructor(
    private readonly connection: AmqpConnection,
    private readonly logger: MessagingLogger,
    private readonly metrics: MessagingMetrics = UNMEASURED,
  ) {
    super();
    this.publisher = new Publisher(connection);
    this.rpc = new RpcClient(connection, undefined, metrics);
  }

  publish<T extends string, S extends z.ZodType>(
    contract: EventContract<T, S, never>,
    event: NoInfer<Envelope<z.infer<S>, T>>,
  ): Promise<void> {
    return this.publisher.publish(contract, event);
  }

  async publishAll<T extends string, S extends z.ZodType>(
    contract: EventContract<T, S, never>,
    events: readonly NoInfer<Envelope<z.infer<S>, T>>[],
  ): Promise<void> {
    await this.publisher.publishAll(contract, events);
  }

  call<P extends string, Req extends z.ZodType, Res extends z.ZodType>(
    contract: RpcContract<P, Req, Res>,
    request: z.input<Req>,
    timeoutMs?: number,
  ): Promise<z.infer<Res>> {
    return this.rpc.call(contract, request, timeoutMs);
  }

  consumeBatches<T>(queue: QueueOf<T>, options: BatchOptions<T>): BatchConsumption {
    const consumer = new BatchConsumer<T>(queue, options, this.logger, this.metrics);
    consumer.attach(this.connection);
    return consumer;
  }

  consumeFanOut<C extends readonly AnyEventContract[]>(
    queue: EventQueue<C>,
    options: NoInfer<FanOutOptions<C>>,
  ): FanOutConsumption {
    const consumer = new FanOutConsumer(queue, options, this.logger);
    consumer.attach(this.connection);
    return consumer;
  }
}

import { AnyEventContract, Envelope, EventContract, EventQueue, RpcContract } from '@parley/contracts';
import { z } from 'zod';
import { BatchHandler } from './batch-consumer';
import { FanOutOptions } from './fan-out-consumer';

export interface BatchOptions<T> {
  handler: BatchHandler<T>;
  prefetch: number;
  maxBatch: number;
  /**
   * How long a batch may wait for more messages before it is handled (0: until the next turn of
   * the event loop). Waiting trades latency for fewer, larger writes where nobody waits on them.
   */
  lingerMs?: number;
  /** Called on every (re)subscription: state cached for an earlier subscription may be stale now. */
  onSubscribe?: () => void;
}

export interface Consumer {
  /** Stops taking messages and settles those in hand. */
  stop(): Promise<void>;
}

export interface FanOutConsumption extends Consumer {
  /** Whether it consumes right now. */
  readonly attached: boolean;
}

export interface BatchConsumption extends Consumer {
  /** How long the batch in hand has been in hand, in ms; 0 if none. */
  inHandFor(): number;
}

/** A queue whose events are all of data `T`: one of the contracts it carries. */
export type QueueOf<T> = EventQueue<readonly EventContract<string, z.ZodType<T>>[]>;

/**
 * Everything a feature does with the broker, in the contracts' terms: publish an event under the
 * key its contract makes, call a request and get the reply its contract allows, consume a
 * declared queue. `AmqpBus` is the broker; `InMemoryBus` (libs/testing) runs handlers in-process
 * for unit tests.
 */
export abstract class Bus {
  abstract publish<T extends string, S extends z.ZodType>(
    contract: EventContract<T, S, never>,
    event: NoInfer<Envelope<z.infer<S>, T>>,
  ): Promise<void>;

  /** Publishes all and resolves when every one is confirmed. */
  abstract publishAll<T extends string, S extends z.ZodType>(
    contract: EventContract<T, S, never>,
    events: readonly NoInfer<Envelope<z.infer<S>, T>>[],
  ): Promise<void>;

  abstract call<P extends string, Req extends z.ZodType, Res extends z.ZodType>(
    contract: RpcContract<P, Req, Res>,
    request: z.input<Req>,
    timeoutMs?: number,
  ): Promise<z.infer<Res>>;

  /** Consumes a batch queue: each batch settled at once, malformed events dead-lettered. */
  abstract consumeBatches<T>(queue: QueueOf<T>, options: BatchOptions<T>): BatchConsumption;

  /** Consumes a fan-out queue: each event to the handler of its type. */
  abstract consumeFanOut<C extends readonly AnyEventContract[]>(
    queue: EventQueue<C>,
    options: NoInfer<FanOutOptions<C>>,
  ): FanOutConsumption;
}

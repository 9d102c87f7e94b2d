import {
  AnyEventContract,
  Envelope,
  EventContract,
  EventQueue,
  ParleyError,
  RpcContract,
  invalidField,
} from '@parley/contracts';
import {
  BatchConsumption,
  BatchOptions,
  Bus,
  FanOutConsumption,
  FanOutOptions,
  QueueOf,
  fanOut,
} from '@parley/messaging';
import { z } from 'zod';

type Answer = (request: unknown) => unknown;

interface Subscription {
  readonly queue: EventQueue;
  readonly take: (event: Envelope<unknown>) => Promise<void>;
  stopped: boolean;
}

/**
 * The bus in-process, for unit tests of what publishes, calls or consumes: events are checked
 * against their contracts and handed at once to every queue consumed here whose bindings match
 * their routing key; requests go to the answers the test gives, checked both ways as the broker's
 * servers and clients check them. With `unavailable`, everything fails as with the broker down.
 */
export class InMemoryBus extends Bus {
  /** While true, publishing and calling fail as they do while the broker is unreachable. */
  unavailable = false;
  /** Every event published, in order, with the routing key it went under. */
  readonly published: { routingKey: string; event: Envelope<unknown> }[] = [];
  private readonly answers = new Map<string, Answer>();
  private readonly subscriptions: Subscription[] = [];

  /** The data of the events of `contract` published so far. */
  dataOf<T extends string, S extends z.ZodType>(contract: EventContract<T, S, never>): z.infer<S>[] {
    return this.published
      .filter((p) => p.event.type === contract.type)
      .map((p) => p.event.data as z.infer<S>);
  }

  /** Answers `contract`'s requests with `answer`: a value, a promise, or a thrown ParleyError. */
  answer<P extends string, Req extends z.ZodType, Res extends z.ZodType>(
    contract: RpcContract<P, Req, Res>,
    answer: (request: z.infer<Req>) => z.input<Res> | Promise<z.input<Res>>,
  ): this {
    this.answers.set(contract.pattern, answer as Answer);
    return this;
  }

  async publish<T extends string, S extends z.ZodType>(
    contract: EventContract<T, S, never>,
    event: NoInfer<Envelope<z.infer<S>, T>>,
  ): Promise<void> {
    this.reachable();
    const checked = contract.envelope.parse(event);
    const routingKey = contract.routingKey(checked.data);
    this.published.push({ routingKey, event: checked });
    const takers = this.subscriptions.filter(
      (s) => !s.stopped && s.queue.bindings.some((pattern) => matchesTopic(pattern, routingKey)),
    );
    for (const taker of takers) await taker.take(checked);
  }

  async publishAll<T extends string, S extends z.ZodType>(
    contract: EventContract<T, S, never>,
    events: readonly NoInfer<Envelope<z.infer<S>, T>>[],
  ): Promise<void> {
    for (const event of events) await this.publish(contract, event);
  }

  async call<P extends string, Req extends z.ZodType, Res extends z.ZodType>(
    contract: RpcContract<P, Req, Res>,
    request: z.input<Req>,
  ): Promise<z.infer<Res>> {
    this.reachable();
    const answer = this.answers.get(contract.pattern);
    if (!answer)
      throw new ParleyError(
        'UNAVAILABLE',
        `${contract.queue} did not answer ${contract.pattern}: the test gave no answer`,
      );
    const parsed = contract.request.safeParse(request);
    if (!parsed.success) throw invalidField(parsed.error);
    const reply = contract.response.safeParse(await answer(parsed.data));
    if (!reply.success)
      throw new ParleyError(
        'INTERNAL',
        `the test's answer to ${contract.pattern} is not what its contract allows`,
      );
    return reply.data;
  }

  consumeBatches<T>(queue: QueueOf<T>, options: BatchOptions<T>): BatchConsumption {
    const subscription = this.subscribe(queue, (event) =>
      options.handler([{ event: event as Envelope<T>, redelivered: false }], { alone: false }),
    );
    options.onSubscribe?.();
    return { stop: async () => void (subscription.stopped = true), inHandFor: () => 0 };
  }

  consumeFanOut<C extends readonly AnyEventContract[]>(
    queue: EventQueue<C>,
    options: NoInfer<FanOutOptions<C>>,
  ): FanOutConsumption {
    const dispatch = fanOut(queue, options.handlers);
    const subscription = this.subscribe(queue, async (event) => dispatch(event.type, event.data));
    options.onSubscribe?.(0);
    return {
      stop: async () => void (subscription.stopped = true),
      get attached() {
        return !subscription.stopped;
      },
    };
  }

  private subscribe(queue: EventQueue, take: Subscription['take']): Subscription {
    const subscription = { queue, take, stopped: false };
    this.subscriptions.push(subscription);
    return subscription;
  }

  private reachable(): void {
    if (this.unavailable)
      throw new ParleyError('UNAVAILABLE', 'the message broker is unavailable; try again shortly');
  }
}

/** An AMQP topic match: `*` is one word, `#` any number of words. */
export function matchesTopic(pattern: string, routingKey: string): boolean {
  const match = (p: string[], k: string[]): boolean => {
    if (p.length === 0) return k.length === 0;
    const [head, ...rest] = p;
    if (head === '#') return match(rest, k) || (k.length > 0 && match(p, k.slice(1)));
    return k.length > 0 && (head === '*' || head === k[0]) && match(rest, k.slice(1));
  };
  return match(pattern.split('.'), routingKey.split('.'));
}

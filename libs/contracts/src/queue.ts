import { z } from 'zod';
import { DELIVERY_LIMIT, EXCHANGES } from './broker';
import { AnyEventContract, EventContract, RoutingSegment } from './envelope';
import { AnyRpcContract, RpcContract, RpcSpec } from './rpc';

/**
 * How a queue's messages are settled:
 * - batch: a batch consumer acks a batch once handled, and a message that keeps failing is dead-lettered;
 * - fan-out: one instance's own copy of events, acked as it goes; what fails to be delivered is dropped;
 * - rpc: a request is acked once answered, and expires with its caller's deadline;
 * - none: no service consumes it (the dead letters, kept for an operator).
 */
export type Acknowledgement = 'batch' | 'fan-out' | 'rpc' | 'none';

export interface QueueOptions {
  readonly durable: boolean;
  readonly exclusive?: boolean;
  readonly autoDelete?: boolean;
  /** Never changed for a durable queue: a broker refuses to redeclare it ("inequivalent arg"). */
  readonly arguments: Readonly<Record<string, unknown>>;
}

/**
 * A queue as every process that declares or consumes it sees it: its name and options, its
 * bindings on `exchange` (derived from the contracts it carries), the bindings an earlier version
 * made and this one removes, and what it carries.
 */
export interface QueueDeclaration<C = unknown> {
  readonly name: string;
  readonly options: QueueOptions;
  readonly exchange: string;
  readonly bindings: readonly string[];
  /**
   * Bindings an earlier version declared and this one no longer wants: unbound on every
   * (re)connection, so a broker that ran the earlier version stops routing them.
   */
  readonly retiredBindings: readonly string[];
  readonly carries: C;
  readonly acknowledgement: Acknowledgement;
  /** Whether its consumer checks every message against its contract before handling it. */
  readonly validated: boolean;
}

/** A queue of events, each of one of the contracts it carries. */
export type EventQueue<C extends readonly AnyEventContract[] = readonly AnyEventContract[]> =
  QueueDeclaration<C>;

export type RpcContracts = Readonly<Record<string, AnyRpcContract>>;
/** A queue of requests, each of one of the contracts it carries. */
export type RpcQueue<C extends RpcContracts = RpcContracts> = QueueDeclaration<C>;

/** Arguments of every durable work queue: one consumer at a time, redeliveries bounded, then dead letters. */
const WORK_QUEUE_ARGUMENTS = {
  'x-queue-type': 'quorum',
  'x-delivery-limit': DELIVERY_LIMIT,
  'x-dead-letter-exchange': EXCHANGES.deadLetter,
  'x-single-active-consumer': true,
} as const;

/** RPC requests expire with their caller's deadline and are then dropped, never dead-lettered. */
const RPC_QUEUE_ARGUMENTS = { 'x-queue-type': 'classic' } as const;

/** The binding of each carried contract to one segment's events, or with '*' to all of them. */
function bindingsOf<K extends RoutingSegment>(
  carries: readonly EventContract<string, z.ZodType, K>[],
  segment: K | '*',
): string[] {
  return carries.map((contract) => contract.binding(segment));
}

/**
 * A durable work queue with a single active consumer across all instances of its service, which
 * takes the events it carries in batches; `segment` is the one shard it is bound to, or '*'.
 */
export function workQueue<C extends readonly EventContract<string, z.ZodType, K>[], K extends RoutingSegment>(
  name: string,
  carries: C,
  segment: K | '*',
  retiredBindings: readonly string[] = [],
): EventQueue<C> {
  return {
    name,
    options: { durable: true, arguments: WORK_QUEUE_ARGUMENTS },
    exchange: EXCHANGES.events,
    bindings: bindingsOf(carries, segment),
    retiredBindings,
    carries,
    acknowledgement: 'batch',
    validated: true,
  };
}

/**
 * One process's own queue of every event it carries, from all segments: exclusive, so it lives and
 * dies with the process's connection. Its events come from Parley's own services, which checked
 * what they publish where it entered the system, so it is not validated again on this, the hottest
 * path; a mistake in a service is a bug to be fixed there.
 */
export function fanOutQueue<C extends readonly AnyEventContract[]>(name: string, carries: C): EventQueue<C> {
  return {
    name,
    options: { durable: false, exclusive: true, autoDelete: true, arguments: {} },
    exchange: EXCHANGES.events,
    bindings: bindingsOf(carries, '*'),
    retiredBindings: [],
    carries,
    acknowledgement: 'fan-out',
    validated: false,
  };
}

type Served<N extends string, M extends Readonly<Record<string, RpcSpec<string, z.ZodType, z.ZodType>>>> = {
  readonly [K in keyof M]: M[K] extends RpcSpec<infer P, infer Req, infer Res>
    ? RpcContract<P, Req, Res> & { readonly queue: N }
    : never;
};

/** The queue a service answers requests on, and the contracts of those requests, which name it. */
export function defineRpcQueue<
  N extends string,
  M extends Readonly<Record<string, RpcSpec<string, z.ZodType, z.ZodType>>>,
>(name: N, specs: M): RpcQueue<Served<N, M>> {
  const carries = Object.fromEntries(
    Object.entries(specs).map(([key, spec]) => [key, { ...spec, queue: name }]),
  ) as Served<N, M>;
  return {
    name,
    options: { durable: true, arguments: RPC_QUEUE_ARGUMENTS },
    exchange: '',
    bindings: [],
    retiredBindings: [],
    carries,
    acknowledgement: 'rpc',
    validated: true,
  };
}

/** Every RPC contract a queue carries. */
export const rpcContractsOf = (queue: RpcQueue): readonly AnyRpcContract[] => Object.values(queue.carries);

import { randomUUID } from 'node:crypto';
import { z } from 'zod';

/** What every event on the broker carries around its data. */
export const EnvelopeHeader = z.object({
  id: z.string().min(1),
  type: z.string().min(1),
  version: z.number().int().positive(),
  occurredAt: z.iso.datetime(),
  correlationId: z.string().min(1),
});
export type EnvelopeHeader = z.infer<typeof EnvelopeHeader>;

/** An event of type `Type`: the type narrows which contract an envelope may be published or handled by. */
export interface Envelope<T, Type extends string = string> extends EnvelopeHeader {
  type: Type;
  data: T;
}

/** What the last word of a routing key is: a conversation's shard, or a user's or a gateway's id. */
export type RoutingSegment = number | string;

/** What that last word names. */
export type SegmentName = 'shard' | 'gatewayId' | 'userId';

export interface EventContract<
  T extends string,
  S extends z.ZodType,
  K extends RoutingSegment = RoutingSegment,
> {
  readonly type: T;
  readonly version: number;
  readonly data: S;
  readonly envelope: z.ZodType<Envelope<z.infer<S>, T>>;
  /** What the last word of its routing keys names. */
  readonly segment: SegmentName;
  /** The routing key an event with this data is published under: `<type>.<segment>`. */
  routingKey(data: z.infer<S>): string;
  /** The binding pattern of one segment's events, or with '*' of all of them. */
  binding(segment: K | '*'): string;
}

// Methods, not function properties, above: a contract of a narrower data type is then still one of
// a wider type (a consumer of two contracts takes the union of their data).
export type AnyEventContract = EventContract<string, z.ZodType>;

/**
 * An event type at its current version. `routedBy` names the last word of its routing key and
 * picks it from its data (the keys of running brokers' bindings: never change one). With `readsFrom`, envelopes
 * of the earlier versions from it on are read as well (publishers still running the earlier
 * version during a rolling update); `data` must then accept their data too.
 */
export function defineEvent<T extends string, S extends z.ZodType, K extends RoutingSegment>(
  type: T,
  version: number,
  data: S,
  options: { routedBy: { segment: SegmentName; of: (data: z.infer<S>) => K }; readsFrom?: number },
): EventContract<T, S, K> {
  const envelope = EnvelopeHeader.extend({
    type: z.literal(type),
    version:
      options.readsFrom === undefined
        ? z.literal(version)
        : z.number().int().min(options.readsFrom).max(version),
    data,
  }) as unknown as z.ZodType<Envelope<z.infer<S>, T>>;
  const { segment, of } = options.routedBy;
  return {
    type,
    version,
    data,
    envelope,
    segment,
    routingKey: (event) => `${type}.${of(event)}`,
    binding: (segment) => `${type}.${segment}`,
  };
}

export function envelope<T extends string, S extends z.ZodType>(
  contract: EventContract<T, S, never>,
  data: z.infer<S>,
  correlationId?: string,
): Envelope<z.infer<S>, T> {
  const id = randomUUID();
  return {
    id,
    type: contract.type,
    version: contract.version,
    occurredAt: new Date().toISOString(),
    correlationId: correlationId ?? id,
    data,
  };
}

export type EventData<C> = C extends EventContract<string, infer S, never> ? z.infer<S> : never;

/** The envelope of an event of contract `C`. */
export type EventOf<C> = C extends EventContract<infer T, infer S, never> ? Envelope<z.infer<S>, T> : never;

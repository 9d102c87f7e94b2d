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

export interface Envelope<T> extends EnvelopeHeader {
  data: T;
}

export interface EventContract<T extends string, S extends z.ZodType> {
  readonly type: T;
  readonly version: number;
  readonly data: S;
  readonly envelope: z.ZodType<Envelope<z.infer<S>>>;
}

/**
 * An event type at its current version. With `readsFrom`, envelopes of the earlier versions from it
 * on are read as well (publishers still running the earlier version during a rolling update); `data`
 * must then accept their data too.
 */
export function defineEvent<T extends string, S extends z.ZodType>(
  type: T,
  version: number,
  data: S,
  options: { readsFrom?: number } = {},
): EventContract<T, S> {
  const envelope = EnvelopeHeader.extend({
    type: z.literal(type),
    version:
      options.readsFrom === undefined
        ? z.literal(version)
        : z.number().int().min(options.readsFrom).max(version),
    data,
  }) as unknown as z.ZodType<Envelope<z.infer<S>>>;
  return { type, version, data, envelope };
}

export function envelope<T extends string, S extends z.ZodType>(
  contract: EventContract<T, S>,
  data: z.infer<S>,
  correlationId?: string,
): Envelope<z.infer<S>> {
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

export type EventData<C> = C extends EventContract<string, infer S> ? z.infer<S> : never;

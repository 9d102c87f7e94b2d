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

export function defineEvent<T extends string, S extends z.ZodType>(
  type: T,
  version: number,
  data: S,
): EventContract<T, S> {
  const envelope = EnvelopeHeader.extend({
    type: z.literal(type),
    version: z.literal(version),
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

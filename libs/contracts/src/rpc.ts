import { z } from 'zod';
import { ErrorBody } from './errors';

/** A request/response pair: `pattern` names it. It is served on a queue once given one (`defineRpcQueue`). */
export interface RpcSpec<P extends string, Req extends z.ZodType, Res extends z.ZodType> {
  readonly pattern: P;
  readonly request: Req;
  readonly response: Res;
}

/** A request/response pair served over the broker: `queue` is where its server listens. */
export interface RpcContract<P extends string, Req extends z.ZodType, Res extends z.ZodType> extends RpcSpec<
  P,
  Req,
  Res
> {
  readonly queue: string;
}

export function defineRpc<P extends string, Req extends z.ZodType, Res extends z.ZodType>(
  pattern: P,
  request: Req,
  response: Res,
): RpcSpec<P, Req, Res> {
  return { pattern, request, response };
}

/** Header carrying the epoch millisecond after which the caller no longer waits for the answer. */
export const RPC_DEADLINE_HEADER = 'x-parley-deadline';

/** The body of every RPC reply. */
export type RpcReply<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };
export const RpcReplySchema = z.union([
  z.object({ ok: z.literal(true), data: z.unknown() }),
  z.object({ ok: z.literal(false), error: ErrorBody }),
]);

export type RpcRequestOf<C> = C extends RpcContract<string, infer Req, z.ZodType> ? z.infer<Req> : never;
export type RpcResponseOf<C> = C extends RpcContract<string, z.ZodType, infer Res> ? z.infer<Res> : never;
export type AnyRpcContract = RpcContract<string, z.ZodType, z.ZodType>;

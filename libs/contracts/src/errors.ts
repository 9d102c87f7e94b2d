import { z } from 'zod';

/** Every error a client or a service can act on. Clients switch on `code`, never on `message`. */
export const ErrorCode = z.enum([
  'INVALID_FIELD',
  'INVALID_FRAME',
  'UNKNOWN_TYPE',
  'FRAME_TOO_LARGE',
  'UNKNOWN_ROUTE',
  'INVALID_BODY',
  'BODY_TOO_LARGE',
  'RATE_LIMITED',
  'UNAUTHORIZED',
  'TOKEN_EXPIRED',
  'SESSION_ENDED',
  'USERNAME_TAKEN',
  'EMAIL_TAKEN',
  'INVALID_CREDENTIALS',
  'TOO_MANY_ATTEMPTS',
  'USER_NOT_FOUND',
  'CANNOT_ADD_SELF',
  'ALREADY_ADDED',
  'NOT_A_CONTACT',
  'NO_REQUEST',
  'USER_BLOCKED',
  'ALREADY_BLOCKED',
  'NOT_BLOCKED',
  'UNAVAILABLE',
  'INTERNAL',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ErrorBody = z.object({
  code: ErrorCode,
  message: z.string(),
  field: z.string().optional(),
  reason: z.string().optional(),
  retryAfterMs: z.number().int().nonnegative().optional(),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

/** A failure that crosses a process boundary intact: thrown by a handler, serialized into a reply. */
export class ParleyError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Omit<ErrorBody, 'code' | 'message'> = {},
  ) {
    super(message);
    this.name = 'ParleyError';
  }

  static fromBody(body: ErrorBody): ParleyError {
    const { code, message, ...details } = body;
    return new ParleyError(code, message, details);
  }

  toBody(): ErrorBody {
    return { code: this.code, message: this.message, ...this.details };
  }
}

/** Turns the first issue of a failed parse into an error that names the field and what is wrong with it. */
export function invalidField(error: z.ZodError, code: ErrorCode = 'INVALID_FIELD'): ParleyError {
  const issue = error.issues[0];
  const field = issue?.path.join('.') || undefined;
  const reason = issue?.message ?? 'invalid';
  const message = field ? `${field}: ${reason}` : reason;
  return new ParleyError(code, message, field ? { field, reason } : { reason });
}

/** Parses `value` against `schema` or throws an INVALID_FIELD error naming the field. */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  value: unknown,
  code: ErrorCode = 'INVALID_FIELD',
): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw invalidField(result.error, code);
  return result.data;
}

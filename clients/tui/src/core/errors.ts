import { ErrorBody, ParleyError } from '@parley/contracts';

/** Why a request could not even reach the gateway, in words a person can act on. */
export function unreachable(where: string, cause: unknown): ParleyError {
  return new ParleyError('UNAVAILABLE', `Cannot reach the gateway at ${where}: ${describeCause(cause)}`);
}

function describeCause(cause: unknown): string {
  const code = findCode(cause);
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host not found';
    case 'ETIMEDOUT':
      return 'timed out';
    case 'ECONNRESET':
      return 'connection reset';
  }
  return cause instanceof Error ? cause.message : String(cause);
}

/** The system error may come wrapped (in a cause, or an AggregateError when several addresses were tried). */
function findCode(error: unknown, depth = 0): string | undefined {
  if (depth > 4 || typeof error !== 'object' || error === null) return undefined;
  if ('code' in error && typeof error.code === 'string') return error.code;
  if (error instanceof AggregateError) return findCode(error.errors[0], depth + 1);
  return 'cause' in error ? findCode(error.cause, depth + 1) : undefined;
}

/** The `{error}` body the gateway sends with every failure, or a generic error named by status. */
export function errorFromBody(status: number, body: unknown): ParleyError {
  const parsed = ErrorBody.safeParse(
    typeof body === 'object' && body !== null && 'error' in body ? body.error : undefined,
  );
  if (parsed.success) return ParleyError.fromBody(parsed.data);
  return new ParleyError(
    status >= 500 ? 'UNAVAILABLE' : 'INTERNAL',
    `The gateway answered with HTTP ${status}`,
  );
}

export function asParleyError(error: unknown): ParleyError {
  if (error instanceof ParleyError) return error;
  return new ParleyError('INTERNAL', error instanceof Error ? error.message : String(error));
}

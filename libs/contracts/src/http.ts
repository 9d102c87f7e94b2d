import { ErrorBody, ErrorCode } from './errors';

/**
 * The gateway's HTTP API: how a client gets a token before it opens the WebSocket.
 * Request bodies are JSON objects, those of `usersRpc.register/login/refresh`; success bodies are
 * their responses, and every failure, of any service's HTTP server, is `{ error: ErrorBody }`
 * with the status below.
 */
export const HTTP_ROUTES = {
  register: '/auth/register',
  login: '/auth/login',
  refresh: '/auth/refresh',
  logout: '/auth/logout',
  password: '/auth/password',
  health: '/health',
  /** Prometheus's text format; served by every service on its HTTP port. */
  metrics: '/metrics',
} as const;

/**
 * The largest request body any service reads, about four times the largest valid one (a refresh
 * with a 4,096-character token): no valid request comes near it, and nothing big is ever buffered.
 */
export const HTTP_MAX_BODY_BYTES = 16 * 1024;

export interface HttpErrorResponse {
  error: ErrorBody;
}

export const HTTP_STATUS_OF: Record<ErrorCode, number> = {
  INVALID_FIELD: 400,
  INVALID_FRAME: 400,
  UNKNOWN_TYPE: 404,
  FRAME_TOO_LARGE: 413,
  UNKNOWN_ROUTE: 404,
  INVALID_BODY: 400,
  BODY_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  UNAUTHORIZED: 401,
  TOKEN_EXPIRED: 401,
  SESSION_ENDED: 401,
  USERNAME_TAKEN: 409,
  EMAIL_TAKEN: 409,
  INVALID_CREDENTIALS: 401,
  TOO_MANY_ATTEMPTS: 429,
  USER_NOT_FOUND: 404,
  CANNOT_ADD_SELF: 400,
  ALREADY_ADDED: 409,
  NOT_A_CONTACT: 403,
  NO_REQUEST: 409,
  USER_BLOCKED: 409,
  ALREADY_BLOCKED: 409,
  NOT_BLOCKED: 409,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

import {
  ArgumentsHost,
  BadRequestException,
  Catch,
  ExceptionFilter,
  Inject,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { ErrorBody, HTTP_STATUS_OF, ParleyError } from '@parley/contracts';
import type { IncomingMessage } from 'node:http';
import { throwError } from 'rxjs';
import { Logger } from './logger';
import { ServedRoutes } from './served-routes';
import { LOGGER } from './tokens';

/** What body-parser fails with (an http-errors error): `type` names the failure, `expose` marks a client's fault. */
interface BodyParserError extends Error {
  type: string;
  status: number;
  expose: boolean;
  limit?: number;
}

interface HttpResponse {
  setHeader(name: string, value: string): void;
  status(code: number): { json(body: unknown): void };
}

/**
 * Every HTTP failure as `{ error: { code, message, … } }` with the status HTTP_STATUS_OF gives its
 * code, including those raised before any controller runs: the router's 404 and the body parser's
 * errors; one that says how long to wait also says it in `Retry-After`, in whole seconds rounded
 * up. A client's mistake is logged at debug (anyone can send them, as many as they like), a failure
 * of the service at error.
 */
@Catch()
@Injectable()
export class HttpErrorFilter implements ExceptionFilter {
  constructor(
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly routes: ServedRoutes,
  ) {}

  catch(exception: unknown, host: ArgumentsHost) {
    // The RPC transport inherits the app's global filters (connectMicroservice with
    // inheritAppConfig); an RPC handler's error goes back to it as thrown, which makes its reply.
    if (host.getType() !== 'http') return throwError(() => exception);
    const http = host.switchToHttp();
    const { method, url = '/' } = http.getRequest<IncomingMessage>();
    // Without the query string, which may hold a token (GET /ws?token=… that was no upgrade).
    const path = url.split('?')[0];
    const error = this.describe(exception, `${method} ${path}`);
    const status = HTTP_STATUS_OF[error.code];
    const context = { method, path, status, code: error.code };
    if (status >= 500)
      this.logger.error(
        { ...context, err: exception instanceof Error ? exception.stack : String(exception) },
        `request failed: ${error.message}`,
      );
    else this.logger.debug(context, `request refused: ${error.message}`);
    const response = http.getResponse<HttpResponse>();
    // The standard header as well as the body's field, for HTTP clients and proxies that know only it.
    if (error.retryAfterMs !== undefined)
      response.setHeader('Retry-After', String(Math.ceil(error.retryAfterMs / 1000)));
    response.status(status).json({ error });
  }

  private describe(exception: unknown, route: string): ErrorBody {
    if (exception instanceof ParleyError) return exception.toBody();
    // Thrown by Nest's own handler for what no controller serves, whatever the method.
    if (exception instanceof NotFoundException)
      return {
        code: 'UNKNOWN_ROUTE',
        message: `no route ${route}; the routes are ${this.routes.describe()}`,
      };
    // Nest turns body-parser's SyntaxError into this before any filter sees it (and a URIError
    // from a badly encoded path parameter, which no route here has). Its message quotes the body,
    // which may hold a password, so it is neither answered nor logged.
    if (exception instanceof BadRequestException)
      return { code: 'INVALID_BODY', message: 'the body is not valid JSON' };
    if (isBodyParserError(exception) && exception.expose) {
      if (exception.type === 'entity.too.large')
        return { code: 'BODY_TOO_LARGE', message: `bodies are limited to ${exception.limit} bytes` };
      return { code: 'INVALID_BODY', message: `the body cannot be read: ${exception.message}` };
    }
    return { code: 'INTERNAL', message: 'the service failed to handle the request' };
  }
}

function isBodyParserError(error: unknown): error is BodyParserError {
  const candidate = error as Partial<BodyParserError> | null;
  return (
    error instanceof Error && typeof candidate?.type === 'string' && typeof candidate.status === 'number'
  );
}

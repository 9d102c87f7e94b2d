import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import { ErrorBody, HTTP_STATUS_OF, ParleyError } from '@parley/contracts';

/** Every HTTP failure as `{ error: { code, message, … } }` with the status that fits its code. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host
      .switchToHttp()
      .getResponse<{ status(code: number): { json(body: unknown): void } }>();
    const [status, error] = describe(exception);
    response.status(status).json({ error });
  }
}

function describe(exception: unknown): [number, ErrorBody] {
  if (exception instanceof ParleyError) return [HTTP_STATUS_OF[exception.code], exception.toBody()];
  if (exception instanceof HttpException && exception.getStatus() < 500) {
    return [exception.getStatus(), { code: 'INVALID_FRAME', message: exception.message }];
  }
  return [500, { code: 'INTERNAL', message: 'the gateway failed to handle the request' }];
}

import { ArgumentsHost, Catch, RpcExceptionFilter } from '@nestjs/common';
import { Observable, throwError } from 'rxjs';

/**
 * Lets a handler's error reach the AMQP transport as it was thrown, which turns a ParleyError into
 * its coded reply. Nest's default filter would flatten it into a generic "Internal server error".
 */
@Catch()
export class RpcErrorPassthrough implements RpcExceptionFilter<unknown> {
  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    return throwError(() => exception);
  }
}

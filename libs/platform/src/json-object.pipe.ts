import { Injectable, PipeTransform } from '@nestjs/common';
import { ParleyError } from '@parley/contracts';

/**
 * Admits a request body only if it is a JSON object. The parser (see runService) reads only
 * `Content-Type: application/json`, so any other body, or none, arrives here as undefined; and it
 * reads any JSON value, so that `"x"` is refused as a string rather than as invalid JSON.
 */
@Injectable()
export class JsonObjectBody implements PipeTransform<unknown, object> {
  transform(body: unknown): object {
    if (body === undefined)
      throw new ParleyError(
        'INVALID_BODY',
        'the body must be a JSON object, sent with Content-Type: application/json',
      );
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw new ParleyError('INVALID_BODY', `the body must be a JSON object, not ${kindOf(body)}`);
    return body;
  }
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

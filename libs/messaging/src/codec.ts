import { ParleyError } from '@parley/contracts';

/** How every body crosses the broker: JSON in UTF-8, labelled as such. */
export const CONTENT_TYPE = 'application/json';

export function encode(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value), 'utf8');
}

/** The body as a JSON value; a body that is not JSON is an INVALID_FRAME naming what it was. */
export function decode(content: Buffer, what: string): unknown {
  try {
    return JSON.parse(content.toString('utf8'));
  } catch {
    throw new ParleyError('INVALID_FRAME', `${what} is not JSON`);
  }
}

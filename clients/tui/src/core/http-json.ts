import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface JsonResponse {
  status: number;
  /** undefined when the body is not JSON. */
  body: unknown;
}

/**
 * A JSON request over node:http rather than fetch: fetch refuses the ports browsers block
 * (1, 25, 6000…), and a person may well run a gateway on one of them.
 */
export function requestJson(
  url: string,
  method: 'GET' | 'POST',
  body: unknown,
  timeoutMs: number,
): Promise<JsonResponse> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const request = url.startsWith('https:') ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        headers:
          payload === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
        timeout: timeoutMs,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('error', reject);
        res.on('end', () => {
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, body: json });
        });
      },
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
    req.on('error', reject);
    req.end(payload);
  });
}

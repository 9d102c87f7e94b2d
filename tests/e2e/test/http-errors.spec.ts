import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ErrorBody, ErrorCode, HTTP_MAX_BODY_BYTES, HTTP_ROUTES, HTTP_STATUS_OF } from '@parley/contracts';
import { ServiceProcess, TestSystem, waitUntil } from '@parley/testing';

interface Answer {
  status: number;
  contentType: string;
  body: unknown;
}

async function send(
  baseUrl: string,
  method: string,
  path: string,
  body?: string,
  contentType = 'application/json',
): Promise<Answer> {
  const response = await fetch(baseUrl + path, {
    method,
    headers: body === undefined ? {} : { 'content-type': contentType },
    body,
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', body: json };
}

/** The answer is exactly `{ error: ErrorBody }` with `code`, and its status is the one the contract gives that code. */
function assertError(answer: Answer, status: number, code: ErrorCode): ErrorBody {
  assert.equal(answer.status, status, `status of ${JSON.stringify(answer.body)}`);
  assert.match(answer.contentType, /^application\/json\b/);
  const body = answer.body as { error?: unknown };
  assert.deepEqual(Object.keys(body), ['error'], `only "error" in ${JSON.stringify(body)}`);
  const parsed = ErrorBody.safeParse(body.error);
  assert.ok(parsed.success, `an ErrorBody: ${JSON.stringify(body.error)}`);
  assert.deepEqual(parsed.data, body.error, 'nothing beside the fields of ErrorBody');
  assert.equal(parsed.data.code, code);
  assert.equal(HTTP_STATUS_OF[code], status);
  return parsed.data;
}

interface LogLine {
  level: number;
  msg: string;
  status?: number;
}

function logLines(service: ServiceProcess, from = 0): LogLine[] {
  return service.logs.slice(from).flatMap((line) => {
    try {
      return [JSON.parse(line) as LogLine];
    } catch {
      return [];
    }
  });
}

const ERROR_LEVEL = 50;

/** Every failure of an HTTP request, wherever it is raised, answers the documented `{ error }` shape. */
describe('HTTP errors', () => {
  let system: TestSystem;
  let gateway: ServiceProcess;
  let url: string;

  before(async () => {
    system = await TestSystem.start('httperrors', {
      extraEnv: { LOG_LEVEL: 'debug', RPC_TIMEOUT_MS: '1000' },
    });
    gateway = system.service('gateway0');
    url = gateway.url;
  });

  after(() => system?.stop());

  const login = (body: string) => send(url, 'POST', HTTP_ROUTES.login, body);
  const credentials = JSON.stringify({ username: 'nobody', password: 'not this one' });
  /** Valid credentials padded with trailing spaces (still valid JSON) to exactly `bytes`. */
  const padded = (bytes: number) => credentials + ' '.repeat(bytes - credentials.length);

  it('answers a body that is not valid JSON with 400 INVALID_BODY', async () => {
    for (const body of ['{bad', '{"username":"alice",', '{"username":"alice"}}']) {
      const error = assertError(await login(body), 400, 'INVALID_BODY');
      assert.match(error.message, /^the body is not valid JSON/, body);
    }
  });

  it('answers JSON that is not an object, or a body that is not JSON, with 400 INVALID_BODY', async () => {
    for (const [body, kind] of [
      ['[]', 'an array'],
      ['"x"', 'a string'],
      ['null', 'null'],
      ['42', 'a number'],
      ['true', 'a boolean'],
    ]) {
      const error = assertError(await login(body), 400, 'INVALID_BODY');
      assert.equal(error.message, `the body must be a JSON object, not ${kind}`);
    }
    for (const [body, contentType] of [
      [undefined, undefined],
      ['{"username":"alice","password":"pw"}', 'text/plain'],
      ['username=alice&password=pw', 'application/x-www-form-urlencoded'],
    ]) {
      const error = assertError(
        await send(url, 'POST', HTTP_ROUTES.login, body, contentType),
        400,
        'INVALID_BODY',
      );
      assert.match(error.message, /Content-Type: application\/json/, `${contentType}`);
    }
  });

  it('answers a body the parser cannot read, in a charset JSON does not allow, with 400 INVALID_BODY', async () => {
    const answer = await send(url, 'POST', HTTP_ROUTES.login, '{}', 'application/json; charset=latin1');
    const error = assertError(answer, 400, 'INVALID_BODY');
    assert.equal(error.message, 'the body cannot be read: unsupported charset "LATIN1"');
  });

  it(`reads a body of ${HTTP_MAX_BODY_BYTES} bytes and answers a bigger one with 413 BODY_TOO_LARGE`, async () => {
    assertError(await login(padded(HTTP_MAX_BODY_BYTES)), 401, 'INVALID_CREDENTIALS');
    const error = assertError(await login(padded(HTTP_MAX_BODY_BYTES + 1)), 413, 'BODY_TOO_LARGE');
    assert.equal(error.message, `bodies are limited to ${HTTP_MAX_BODY_BYTES} bytes`);
  });

  it('logs a too-large body below error level: the client erred, not the gateway', async () => {
    const mark = gateway.logs.length;
    assert.equal((await login(padded(1024 * 1024))).status, 413);
    const lines = await waitUntil(
      () => {
        const since = logLines(gateway, mark);
        return since.some((line) => line.status === 413) && since;
      },
      { timeoutMs: 5000, what: 'the refusal logged', details: () => JSON.stringify(logLines(gateway, mark)) },
    );
    assert.deepEqual(
      lines.filter((line) => line.level >= ERROR_LEVEL),
      [],
    );
  });

  it('answers an unknown route with 404 UNKNOWN_ROUTE naming the routes there are', async () => {
    const error = assertError(await send(url, 'POST', '/auth/nope', '{}'), 404, 'UNKNOWN_ROUTE');
    assert.match(error.message, /^no route POST \/auth\/nope; /);
    for (const route of [
      `POST ${HTTP_ROUTES.register}`,
      `POST ${HTTP_ROUTES.login}`,
      `POST ${HTTP_ROUTES.refresh}`,
      `GET ${HTTP_ROUTES.health}`,
      `GET ${HTTP_ROUTES.metrics}`,
    ])
      assert.ok(error.message.includes(route), `${error.message} names ${route}`);

    // A query string may carry a token (GET /ws?token= without the upgrade): it is not echoed.
    const withToken = assertError(await send(url, 'GET', '/ws?token=secret'), 404, 'UNKNOWN_ROUTE');
    assert.match(withToken.message, /^no route GET \/ws; /);
    assert.ok(!gateway.logs.some((line) => line.includes('secret')), 'nor logged');
  });

  it('answers a known route asked with the wrong method with 404 UNKNOWN_ROUTE', async () => {
    for (const [method, path] of [
      ['GET', HTTP_ROUTES.login],
      ['PUT', HTTP_ROUTES.register],
      ['DELETE', HTTP_ROUTES.health],
      ['POST', HTTP_ROUTES.health],
    ]) {
      const body = method === 'GET' || method === 'DELETE' ? undefined : '{}';
      const error = assertError(await send(url, method, path, body), 404, 'UNKNOWN_ROUTE');
      assert.match(error.message, new RegExp(`^no route ${method} ${path}; `));
    }
  });

  it('answers the same way on the other services, which serve only /health and /metrics', async () => {
    const users = system.service('users');
    const error = assertError(await send(users.url, 'GET', '/nope'), 404, 'UNKNOWN_ROUTE');
    assert.equal(error.message, 'no route GET /nope; the routes are GET /health and GET /metrics');
  });

  it("keeps the auth routes' own validation errors, which name the field", async () => {
    const registration = {
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'ada@example.test',
      username: 'x',
      password: 'long enough pw',
    };
    const error = assertError(
      await send(url, 'POST', HTTP_ROUTES.register, JSON.stringify(registration)),
      400,
      'INVALID_FIELD',
    );
    assert.equal(error.field, 'username');
    assert.match(error.message, /^username: /);
    assertError(await login('{}'), 400, 'INVALID_FIELD');
  });

  // Last: it stops the users service.
  it('answers a server-side failure with its 5xx code and logs it at error level', async () => {
    await system.service('users').kill('SIGTERM');
    const mark = gateway.logs.length;
    assertError(await login(credentials), 503, 'UNAVAILABLE');
    await waitUntil(
      () => logLines(gateway, mark).some((line) => line.status === 503 && line.level >= ERROR_LEVEL),
      { timeoutMs: 5000, what: 'the 503 logged at error level' },
    );
  });
});

import { testInfra } from './infra';

/** A call to RabbitMQ's management HTTP API; resolves with the JSON answer, if any. */
export type ManagementApi = ((method: string, path: string, body?: unknown) => Promise<unknown>) & {
  user: string;
};

/** The management API of the test run's broker, as the user in RABBITMQ_MANAGEMENT_URL. */
export function managementApi(what: string): ManagementApi {
  const baseUrl = testInfra().rabbitManagementUrl;
  if (!baseUrl) throw new Error(`RABBITMQ_MANAGEMENT_URL is needed ${what}`);
  const url = new URL(baseUrl);
  const user = decodeURIComponent(url.username || 'guest');
  const auth =
    'Basic ' + Buffer.from(`${user}:${decodeURIComponent(url.password || 'guest')}`).toString('base64');
  const origin = `${url.protocol}//${url.host}`;
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(origin + path, {
      method,
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`RabbitMQ management ${method} ${path}: ${response.status} ${text}`);
    return text ? (JSON.parse(text) as unknown) : undefined;
  };
  return Object.assign(call, { user });
}

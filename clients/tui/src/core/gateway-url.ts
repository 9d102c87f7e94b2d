import { WS_PATH } from '@parley/contracts';

export const DEFAULT_GATEWAY = 'http://127.0.0.1:8080';

export interface GatewayUrls {
  /** Where the HTTP auth routes live, without a trailing slash. */
  http: string;
  /** The WebSocket endpoint. */
  ws: string;
}

const SCHEMES: Record<string, [http: string, ws: string]> = {
  'http:': ['http:', 'ws:'],
  'ws:': ['http:', 'ws:'],
  'https:': ['https:', 'wss:'],
  'wss:': ['https:', 'wss:'],
};

/**
 * People type the gateway either way (`ws://host:port/ws` from the docs, `http://host:port` from the
 * compose file), so either form yields both URLs. A bare `host:port` is taken as http.
 */
export function gatewayUrls(input: string): GatewayUrls {
  const raw = /^[a-z]+:\/\//i.test(input) ? input : `http://${input}`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`not a gateway URL: ${input}`);
  }
  const schemes = SCHEMES[url.protocol];
  if (!schemes) throw new Error(`not a gateway URL: ${input} (use http://, https://, ws:// or wss://)`);
  const path = url.pathname.replace(/\/+$/, '').replace(new RegExp(`${WS_PATH}$`), '');
  const base = `${url.host}${path}`;
  return { http: `${schemes[0]}//${base}`, ws: `${schemes[1]}//${base}${WS_PATH}` };
}

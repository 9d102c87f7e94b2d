import { Context } from '../context';
import { connectAll, tokenOnlySessions } from '../population';
import { Summary, summarize } from '../stats';

export interface LoginsResult {
  logins: number;
  concurrency: number;
  perSecond: number;
  connectMs: Summary;
}

/**
 * Token logins: WebSocket connects with valid access tokens, each until its welcome, then closed;
 * spread round robin over the gateways.
 */
export async function logins({ system, flags }: Context): Promise<LoginsResult> {
  const sessions = tokenOnlySessions(flags.logins, 'login');
  const gateways = Array.from({ length: flags.gateways }, (_, i) => system.gatewayUrl(i));
  const { clients, connectMs, seconds } = await connectAll(gateways, sessions, flags.loginConcurrency);
  for (const client of clients) client.close();
  return {
    logins: clients.length,
    concurrency: flags.loginConcurrency,
    perSecond: clients.length / seconds,
    connectMs: summarize(connectMs),
  };
}

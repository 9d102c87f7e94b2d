import { Context } from '../context';
import { connectAll, tokenOnlySessions } from '../population';
import { Summary, summarize } from '../stats';

export interface LoginsResult {
  logins: number;
  concurrency: number;
  perSecond: number;
  connectMs: Summary;
}

/** Token logins: WebSocket connects with valid access tokens, each until its welcome, then closed. */
export async function logins({ system, flags }: Context): Promise<LoginsResult> {
  const sessions = tokenOnlySessions(flags.logins, 'login');
  const { clients, connectMs, seconds } = await connectAll(
    system.gatewayUrl(0),
    sessions,
    flags.loginConcurrency,
  );
  for (const client of clients) client.close();
  return {
    logins: clients.length,
    concurrency: flags.loginConcurrency,
    perSecond: clients.length / seconds,
    connectMs: summarize(connectMs),
  };
}

import { pause } from '@parley/testing';
import { Context, HEARTBEAT_MS } from '../context';
import { connectAll, tokenOnlySessions } from '../population';
import { rssKiB } from '../process-stats';

export interface IdleResult {
  connections: number;
  heartbeatMs: number;
  rssBeforeKiB: number;
  rssAfterKiB: number;
  kibPerConnection: number;
  /** The connect rate while opening them, a second figure for token logins. */
  connectsPerSecond: number;
}

/** The median of a few samples, so that one GC or allocation burst does not decide the figure. */
async function settledRss(pid: number): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) {
    samples.push(rssKiB(pid));
    await pause(200);
  }
  return samples.sort((a, b) => a - b)[2]!;
}

/**
 * Gateway memory per idle authenticated connection: RSS of gateway0 before and after opening
 * `idleConnections`, measured after two heartbeat rounds so that every connection has been
 * pinged and has answered.
 */
export async function idle({ system, flags }: Context): Promise<IdleResult> {
  const gateway = system.service('gateway0');
  const rssBeforeKiB = await settledRss(gateway.child.pid!);
  const { clients, seconds } = await connectAll(
    [gateway.url],
    tokenOnlySessions(flags.idleConnections, 'idle'),
    flags.loginConcurrency,
  );
  await pause(2 * HEARTBEAT_MS + 500);
  const rssAfterKiB = await settledRss(gateway.child.pid!);
  for (const client of clients) client.close();
  return {
    connections: clients.length,
    heartbeatMs: HEARTBEAT_MS,
    rssBeforeKiB,
    rssAfterKiB,
    kibPerConnection: (rssAfterKiB - rssBeforeKiB) / clients.length,
    connectsPerSecond: clients.length / seconds,
  };
}

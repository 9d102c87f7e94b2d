import { TestSystem } from '@parley/testing';
import { backlog, MESSAGE_PIPELINE, waitDrained } from '../broker-stats';
import { Context, DRAIN_MAX_MS, DRAIN_QUIET_MS } from '../context';
import { Ledger, LedgerResult } from '../ledger';
import { closedLoop, openLoop, senders } from '../loops';
import { cpuSeconds, infrastructurePids } from '../process-stats';

export interface ThroughputResult extends LedgerResult {
  mode: 'open' | 'closed';
  perSender: number;
  inflight: number | null;
  window: 'ack' | 'delivered' | null;
  rate: number | null;
  /** CPU seconds (user + system) per 1,000 acked messages: per service process, RabbitMQ, FerretDB and the bench itself. */
  cpuSecondsPer1000: Record<string, number>;
  /** Events store and history had not yet worked through when the last message was delivered: the read model lags behind delivery. */
  historyBacklogAtEnd: number;
}

/** CPU seconds used so far by each service process, RabbitMQ, FerretDB, and this process as "bench". */
function cpuSnapshot(system: TestSystem): Map<string, number> {
  const snapshot = new Map<string, number>();
  for (const [key, service] of system.services) snapshot.set(key, cpuSeconds(service.child.pid!));
  for (const [key, pid] of infrastructurePids()) snapshot.set(key, cpuSeconds(pid));
  const own = process.cpuUsage();
  snapshot.set('bench', (own.user + own.system) / 1e6);
  return snapshot;
}

/** Every user sends `messages` to its friend: closed loop for peak throughput, or open loop at `rate`. */
export async function throughput({
  system,
  flags,
  clients,
  pairs,
  text,
}: Context): Promise<ThroughputResult> {
  await waitDrained(system, 120_000);
  const ledger = new Ledger('tp', clients);
  const before = cpuSnapshot(system);
  if (flags.mode === 'closed')
    await closedLoop(ledger, pairs, flags.messages, flags.inflight, flags.window, text);
  else await openLoop(ledger, pairs, flags.rate, senders(pairs).length * flags.messages, text);
  await ledger.drain(DRAIN_QUIET_MS, DRAIN_MAX_MS);
  const after = cpuSnapshot(system);
  const historyBacklogAtEnd = await backlog(system, ...MESSAGE_PIPELINE);
  const result = ledger.result(clients);
  const thousands = Math.max(result.acked, 1) / 1000;
  const cpuSecondsPer1000 = Object.fromEntries(
    [...after].map(([key, seconds]) => [key, (seconds - (before.get(key) ?? 0)) / thousands]),
  );
  return {
    ...result,
    mode: flags.mode,
    perSender: flags.messages,
    inflight: flags.mode === 'closed' ? flags.inflight : null,
    window: flags.mode === 'closed' ? flags.window : null,
    rate: flags.mode === 'open' ? flags.rate : null,
    cpuSecondsPer1000,
    historyBacklogAtEnd,
  };
}

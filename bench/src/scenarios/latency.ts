import { waitDrained } from '../broker-stats';
import { Context, DRAIN_MAX_MS, DRAIN_QUIET_MS } from '../context';
import { Ledger, LedgerResult } from '../ledger';
import { openLoop } from '../loops';

export interface SweepPoint extends LedgerResult {
  offeredRate: number;
}

/** Beyond this p99 the system is saturated; higher offered rates would only add waiting. */
const SATURATED_P99_MS = 5_000;

/** Open loop at each offered rate for `stepSeconds`: the points of the latency chart. */
export async function latencySweep({ system, flags, clients, pairs, text }: Context): Promise<SweepPoint[]> {
  const points: SweepPoint[] = [];
  for (const rate of flags.rates) {
    // Each step starts on a quiet system: store and history still applying the previous step's
    // messages would share the database with this one and blur the curve.
    await waitDrained(system, 120_000);
    const ledger = new Ledger(`r${rate}`, clients);
    await openLoop(ledger, pairs, rate, rate * flags.stepSeconds, text);
    await ledger.drain(DRAIN_QUIET_MS, DRAIN_MAX_MS);
    const point = { offeredRate: rate, ...ledger.result(clients) };
    points.push(point);
    if (point.sendToDeliveredMs.p99 > SATURATED_P99_MS) break;
  }
  return points;
}

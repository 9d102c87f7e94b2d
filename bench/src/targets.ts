import { Flags } from './flags';
import { Results, totals } from './results';

/** One target of issue 7 against what this run measured. */
export interface Check {
  what: string;
  target: string;
  measured: string;
  /** null when this run's configuration is not the one the target is stated for. */
  met: boolean | null;
  verdict: string;
  /** The figure of a widely used XMPP server on this machine, from the issue. */
  reference: string;
}

const ms = (v: number) => `${v.toFixed(v < 10 ? 2 : 0)} ms`;

/** At most `limit` (lower is better). */
function atMost(
  what: string,
  value: number,
  limit: number,
  unit: (v: number) => string,
  reference: string,
  applies = true,
): Check {
  const met = value <= limit;
  const verdict = met
    ? `met (${unit(limit - value)} to spare)`
    : `missed by ${unit(value - limit)} (x${(value / limit).toFixed(1)})`;
  return {
    what,
    target: `<= ${unit(limit)}`,
    measured: unit(value),
    met: applies ? met : null,
    verdict: applies ? verdict : `n/a here: ${verdict}`,
    reference,
  };
}

/** At least `limit` (higher is better). */
function atLeast(
  what: string,
  value: number,
  limit: number,
  unit: (v: number) => string,
  reference: string,
  applies = true,
): Check {
  const met = value >= limit;
  const verdict = met
    ? `met (+${unit(value - limit)})`
    : `missed by ${unit(limit - value)} (${Math.round((100 * value) / limit)}% of target)`;
  return {
    what,
    target: `>= ${unit(limit)}`,
    measured: unit(value),
    met: applies ? met : null,
    verdict: applies ? verdict : `n/a here: ${verdict}`,
    reference,
  };
}

/**
 * The targets of issue 7. Each is stated for one configuration (100 pairs, 10 in flight, 100-byte
 * bodies; 300 msg/s; 1,000 unread; 10,000 idle connections); a run with another one still shows
 * the comparison but marks it not applicable.
 */
export function checks(results: Results, flags: Flags): Check[] {
  const out: Check[] = [];
  const t = results.throughput;
  if (t && t.mode === 'closed') {
    const peakConfig = flags.pairs === 100 && flags.inflight === 10 && flags.size === 100;
    out.push(
      atLeast(
        'closed loop: delivered msgs/s',
        t.deliveredPerSecond,
        7500,
        (v) => `${Math.round(v)}/s`,
        '3,800/s',
        peakConfig,
      ),
    );
    out.push(
      atMost('closed loop: p99 send->delivered', t.sendToDeliveredMs.p99, 250, ms, '1,200 ms', peakConfig),
    );
  }
  const at300 =
    results.latencySweep?.find((p) => p.offeredRate === 300) ??
    (t?.mode === 'open' && t.rate === 300 ? t : undefined);
  if (at300) {
    out.push(
      atMost(
        'open loop 300/s: p50 send->delivered',
        at300.sendToDeliveredMs.p50,
        1,
        ms,
        '1.1 ms',
        flags.size === 100,
      ),
    );
    out.push(
      atMost(
        'open loop 300/s: p99 send->delivered',
        at300.sendToDeliveredMs.p99,
        2.5,
        ms,
        '2.4 ms',
        flags.size === 100,
      ),
    );
  }
  const open = results.openConversation;
  if (open)
    out.push(
      atMost('conversation.open (last 10 + unread): p99', open.openMs.p99, 3, ms, 'MAM last-10 p95 3 ms'),
    );
  const flush = results.offlineFlush;
  if (flush)
    out.push(
      atMost(
        `offline flush of ${flush.unread} unread: p50`,
        flush.totalMs.p50,
        70,
        ms,
        '66 ms',
        flush.unread === 1000,
      ),
    );
  const idle = results.idle;
  if (idle) {
    const kib = (v: number) => `${v.toFixed(1)} KiB`;
    out.push(
      atMost(
        `gateway memory per idle connection (${idle.connections})`,
        idle.kibPerConnection,
        25,
        kib,
        '47-54 KiB',
        idle.connections >= 10_000,
      ),
    );
  }
  const logins = results.logins;
  if (logins)
    out.push(
      atLeast(
        'token logins per second',
        logins.perSecond,
        1500,
        (v) => `${Math.round(v)}/s`,
        '670-930 SCRAM/s',
      ),
    );
  const { lost, duplicated } = totals(results);
  const exact = (what: string, value: number): Check => ({
    what,
    target: '= 0',
    measured: String(value),
    met: value === 0,
    verdict: value === 0 ? 'met' : `missed by ${value}`,
    reference: '',
  });
  out.push(exact('lost messages', lost), exact('duplicated messages', duplicated));
  return out;
}

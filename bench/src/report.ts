import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { latencyChart } from './chart';
import { Flags } from './flags';
import { Results, totals } from './results';
import { Summary } from './stats';
import { Check, checks } from './targets';

export interface Report {
  startedAt: string;
  finishedAt: string;
  machine: {
    nproc: number;
    cpu: string;
    memTotalGiB: number;
    node: string;
    kernel: string;
    loadAverageAtEnd: number[];
  };
  flags: Flags;
  results: Results;
  checks: Check[];
  totals: ReturnType<typeof totals>;
}

export function buildReport(flags: Flags, results: Results, startedAt: Date): Report {
  return {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    machine: {
      nproc: cpus().length,
      cpu: cpus()[0]?.model ?? 'unknown',
      memTotalGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
      node: process.version,
      kernel: execFileSync('uname', ['-r']).toString().trim(),
      // The machine may be shared: a high load says the figures include other people's work.
      loadAverageAtEnd: loadavg().map((l) => Math.round(l * 100) / 100),
    },
    flags,
    results,
    checks: checks(results, flags),
    totals: totals(results),
  };
}

/** Writes <stamp>.json and, when there is a sweep, <stamp>-latency.svg; returns their paths. */
export function writeReport(report: Report): string[] {
  const dir = resolve(report.flags.out);
  mkdirSync(dir, { recursive: true });
  const stamp = report.startedAt.replace(/[:.]/g, '-');
  const json = join(dir, `${stamp}.json`);
  writeFileSync(json, JSON.stringify(report, null, 2) + '\n');
  const written = [json];
  const sweep = report.results.latencySweep;
  if (sweep?.length) {
    const svg = join(dir, `${stamp}-latency.svg`);
    const points = sweep.map((p) => ({
      offeredRate: p.offeredRate,
      p50: p.sendToDeliveredMs.p50,
      p99: p.sendToDeliveredMs.p99,
    }));
    writeFileSync(
      svg,
      latencyChart(
        points,
        `Parley send→delivered latency, ${report.flags.pairs} pairs, ${report.flags.size}-byte bodies`,
      ),
    );
    written.push(svg);
  }
  return written;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((cell, c) => cell.padEnd(widths[c]!))
      .join('  ')
      .trimEnd();
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

const f = (v: number) => (Number.isNaN(v) ? '-' : v < 10 ? v.toFixed(2) : v.toFixed(0));
const latencyRow = (what: string, s: Summary) => [
  what,
  String(s.count),
  f(s.p50),
  f(s.p95),
  f(s.p99),
  f(s.max),
];

/** The terminal view: targets first, then the latency distributions and per-process CPU. */
export function formatReport(report: Report): string {
  const { results } = report;
  const m = report.machine;
  const parts: string[] = [
    `${m.nproc} CPUs (${m.cpu}), ${m.memTotalGiB} GiB, Node ${m.node}; load average at the end ${m.loadAverageAtEnd.join(' ')}`,
  ];
  parts.push(
    table([
      ['target (issue 7)', 'target', 'measured', 'verdict', 'XMPP ref.'],
      ...report.checks.map((c) => [c.what, c.target, c.measured, c.verdict, c.reference]),
    ]),
  );
  const latencies: string[][] = [['latency (ms)', 'n', 'p50', 'p95', 'p99', 'max']];
  if (results.connectLogin)
    latencies.push(latencyRow('HTTP login + WS connect', results.connectLogin.loginAndConnectMs));
  const t = results.throughput;
  if (t) {
    const label =
      t.mode === 'closed'
        ? `closed loop, ${t.inflight} in flight${t.window === 'delivered' ? ' until delivered' : ''}`
        : `open loop ${t.rate}/s`;
    latencies.push(
      latencyRow(`${label}: send->ack`, t.sendToAckMs),
      latencyRow(`${label}: send->delivered`, t.sendToDeliveredMs),
    );
  }
  for (const p of results.latencySweep ?? []) {
    latencies.push(
      latencyRow(`open ${p.offeredRate}/s: send->ack`, p.sendToAckMs),
      latencyRow(`open ${p.offeredRate}/s: send->delivered`, p.sendToDeliveredMs),
    );
    latencies.push(latencyRow(`open ${p.offeredRate}/s: generator lag`, p.sendLagMs));
  }
  if (results.openConversation)
    latencies.push(latencyRow('conversation.open', results.openConversation.openMs));
  if (results.offlineFlush)
    latencies.push(
      latencyRow(`offline flush (${results.offlineFlush.unread} unread)`, results.offlineFlush.totalMs),
    );
  if (results.logins)
    latencies.push(latencyRow('token login (WS connect to welcome)', results.logins.connectMs));
  if (results.contactsList)
    latencies.push(
      latencyRow(
        `contacts.list (${results.contactsList.contacts} conversations)`,
        results.contactsList.listMs,
      ),
    );
  parts.push(table(latencies));
  const rates: string[][] = [['phase', 'sent', 'acked', 'failed', 'lost', 'dup', 'delivered/s']];
  for (const [name, p] of [
    ...(t ? [['throughput', t] as const] : []),
    ...(results.latencySweep ?? []).map((p) => [`open ${p.offeredRate}/s`, p] as const),
  ]) {
    rates.push([
      name,
      String(p.sent),
      String(p.acked),
      String(p.failed),
      String(p.lost),
      String(p.duplicated),
      f(p.deliveredPerSecond),
    ]);
  }
  if (rates.length > 1) parts.push(table(rates));
  if (t) {
    parts.push(
      table([
        ['process', 'CPU s per 1,000 messages'],
        ...Object.entries(t.cpuSecondsPer1000).map(([name, s]) => [name, s.toFixed(3)]),
      ]),
    );
  }
  if (results.idle) {
    const i = results.idle;
    parts.push(
      `gateway RSS ${i.rssBeforeKiB} KiB -> ${i.rssAfterKiB} KiB with ${i.connections} idle connections ` +
        `(heartbeat ${i.heartbeatMs} ms): ${i.kibPerConnection.toFixed(1)} KiB each; opened at ${Math.round(i.connectsPerSecond)}/s`,
    );
  }
  for (const profile of results.profiles ?? []) {
    parts.push(
      table([
        [`${profile.process}: busy ${profile.busyMs} ms`, 'self ms', 'share'],
        ...profile.topAreas.map((h) => [h.where, String(h.selfMs), `${(h.share * 100).toFixed(1)}%`]),
        ...profile.topFunctions
          .slice(0, 10)
          .map((h) => [`  ${h.where}`, String(h.selfMs), `${(h.share * 100).toFixed(1)}%`]),
      ]),
    );
  }
  for (const e of results.errors ?? []) parts.push(`scenario ${e.scenario} FAILED: ${e.error}`);
  if (t) parts.push(`store/history queue backlog when the throughput phase ended: ${t.historyBacklogAtEnd}`);
  if (results.openConversation) {
    const b = results.openConversation.historyBacklog;
    parts.push(
      `store/history backlog before conversation.open: ${b.initial} events, applied in ${b.seconds.toFixed(1)} s (${b.left} left)`,
    );
  }
  const errors = [...(t?.errors ?? []), ...(results.latencySweep ?? []).flatMap((p) => p.errors)];
  if (errors.length) parts.push(`send errors:\n  ${errors.join('\n  ')}`);
  return parts.join('\n\n');
}

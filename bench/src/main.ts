import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { testInfra, TestSystem } from '@parley/testing';
import { BenchClient } from './bench-client';
import { Context, HEARTBEAT_MS } from './context';
import { Flags, HELP, Scenario, parseFlags } from './flags';
import { befriend, registerAndConnect } from './population';
import { summarizeProfiles } from './profile-summary';
import { buildReport, formatReport, writeReport } from './report';
import { Results } from './results';
import { contactsList } from './scenarios/contacts-list';
import { idle } from './scenarios/idle';
import { latencySweep } from './scenarios/latency';
import { logins } from './scenarios/logins';
import { offlineFlush } from './scenarios/offline-flush';
import { openConversation } from './scenarios/open-conversation';
import { throughput } from './scenarios/throughput';
import { summarize } from './stats';

function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

async function startSystem(flags: Flags, profileDir: string | null): Promise<TestSystem> {
  const extraEnv: Record<string, string> = {
    // The per-connection rate limit protects a real gateway from one client; here each client is
    // a load generator lane, so the limit would measure itself instead of the system.
    RATE_PER_SECOND: '100000',
    RATE_BURST: '100000',
    HEARTBEAT_MS: String(HEARTBEAT_MS),
    LOG_LEVEL: 'warn',
  };
  if (profileDir) {
    extraEnv.NODE_OPTIONS = `--require ${resolve(__dirname, 'cpu-profiler.js')}`;
    extraEnv.BENCH_PROFILE_DIR = profileDir;
  }
  const system = await TestSystem.start('bench', { gateways: flags.gateways, extraEnv });
  // Each shard queue has a single active consumer: extra stores stand by and take over on failure.
  for (let i = 1; i < flags.stores; i++) await system.startService('store', `store${i}`);
  return system;
}

/** Runs the selected scenarios against a freshly started system; the system is stopped whatever happens. */
export async function run(flags: Flags): Promise<Results> {
  testInfra();
  const results: Results = {};
  log(`starting ${flags.gateways} gateway(s), ${flags.stores} store(s), users, history`);
  const profileDir = flags.profile
    ? resolve(flags.out, 'profiles', new Date().toISOString().replace(/[:.]/g, '-'))
    : null;
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  const system = await startSystem(flags, profileDir);
  // Ctrl-C must not leave four service processes and a vhost behind.
  const interrupted = () => void system.stop().finally(() => process.exit(130));
  process.once('SIGINT', interrupted).once('SIGTERM', interrupted);
  const pids = new Map([...system.services].map(([key, s]) => [s.child.pid!, key]));
  let clients: BenchClient[] = [];
  try {
    const needsPairs = flags.scenarios.some(
      (s) => s === 'throughput' || s === 'latency' || s === 'open-conversation',
    );
    const ctx: Context = { system, flags, clients, pairs: [], text: 'x'.repeat(flags.size) };
    if (needsPairs) {
      log(`registering and connecting ${2 * flags.pairs} users`);
      const population = await registerAndConnect(system, flags.gateways, 'bench', 2 * flags.pairs);
      clients = ctx.clients = population.clients;
      ctx.pairs = await befriend(clients);
      results.connectLogin = {
        users: clients.length,
        registerSeconds: population.registerSeconds,
        loginAndConnectMs: summarize(population.loginMs),
      };
    }
    // Profiles cover the measured phases only, not start-up, registration and befriending.
    if (profileDir) for (const service of system.services.values()) service.child.kill('SIGUSR2');
    const phases: [Scenario, string, () => Promise<void>][] = [
      [
        'throughput',
        `${flags.mode} loop, ${flags.messages} messages per sender`,
        async () => void (results.throughput = await throughput(ctx)),
      ],
      [
        'latency',
        `sweep ${flags.rates.join(', ')} msgs/s, ${flags.stepSeconds} s each`,
        async () => void (results.latencySweep = await latencySweep(ctx)),
      ],
      [
        'open-conversation',
        `${flags.opens} opens`,
        async () => void (results.openConversation = await openConversation(ctx)),
      ],
      [
        'offline-flush',
        `${flags.unread} unread x${flags.flushRepeats}`,
        async () => void (results.offlineFlush = await offlineFlush(ctx)),
      ],
      [
        'logins',
        `${flags.logins}, ${flags.loginConcurrency} at once`,
        async () => void (results.logins = await logins(ctx)),
      ],
      ['idle', `${flags.idleConnections} connections`, async () => void (results.idle = await idle(ctx))],
      [
        'contacts-list',
        `${flags.lists} lists of ${flags.contacts} conversations`,
        async () => void (results.contactsList = await contactsList(ctx)),
      ],
    ];
    for (const [scenario, what, phase] of phases) {
      if (!flags.scenarios.includes(scenario)) continue;
      log(`${scenario}: ${what}`);
      // One failing scenario should not cost the figures of the others; it is reported instead.
      await phase().catch((error: unknown) => {
        log(`${scenario} failed: ${(error as Error).message}`);
        // The services' last log lines usually say why (they log at warn and above here).
        const logs = [...system.services].flatMap(([key, s]) =>
          s.logs.slice(-3).map((line) => `${key}: ${line.slice(0, 300)}`),
        );
        (results.errors ??= []).push({ scenario, error: (error as Error).message, logs });
      });
    }
  } finally {
    for (const client of clients) client.close();
    log('stopping the system');
    process.off('SIGINT', interrupted).off('SIGTERM', interrupted);
    await system.stop();
  }
  if (profileDir) results.profiles = summarizeProfiles(profileDir, pids);
  return results;
}

async function main(): Promise<void> {
  let flags: Flags | 'help';
  try {
    flags = parseFlags(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${HELP}`);
    process.exit(2);
  }
  if (flags === 'help') {
    process.stdout.write(HELP);
    return;
  }
  const startedAt = new Date();
  const report = buildReport(flags, await run(flags), startedAt);
  process.stdout.write(formatReport(report) + '\n\n');
  for (const path of writeReport(report)) process.stdout.write(`wrote ${path}\n`);
  // Loss, duplication or a scenario that could not finish is a failure, not a slow result.
  if (report.totals.lost > 0 || report.totals.duplicated > 0 || report.results.errors?.length)
    process.exitCode = 1;
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  });
}

import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { waitUntil } from './eventually';

const ROOT = resolve(__dirname, '../../../..');

export type ServiceName = 'gateway' | 'users' | 'store' | 'history';

export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.unref();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? ok(address.port) : fail(new Error('no port')),
      );
    });
  });
}

/** A real service process, started from its build output, with its JSON log lines kept for assertions. */
export class ServiceProcess {
  readonly logs: string[] = [];
  private exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(
    readonly name: ServiceName,
    readonly port: number,
    readonly child: ChildProcess,
  ) {
    const collect = (chunk: Buffer) => this.logs.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    this.exited = new Promise((ok) => child.once('exit', (code, signal) => ok({ code, signal })));
  }

  static async start(
    name: ServiceName,
    env: Record<string, string>,
    options: { waitHealthy?: boolean } = {},
  ): Promise<ServiceProcess> {
    const port = env.HTTP_PORT ? Number(env.HTTP_PORT) : await freePort();
    // PARLEY_PROFILE_DIR: each service writes a V8 CPU profile there when it exits (for bench/profiling).
    const profile = process.env.PARLEY_PROFILE_DIR
      ? ['--cpu-prof', `--cpu-prof-dir=${process.env.PARLEY_PROFILE_DIR}`]
      : [];
    const child = spawn(process.execPath, [...profile, resolve(ROOT, `services/${name}/dist/src/main.js`)], {
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', ...env, HTTP_PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const service = new ServiceProcess(name, port, child);
    if (options.waitHealthy ?? true)
      await service.waitHealthy().catch(async (error: unknown) => {
        // A process that never became healthy must not outlive the test that gave up on it.
        await service.kill('SIGKILL');
        throw error;
      });
    return service;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async health(): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${this.url}/health`);
    return { status: response.status, body: await response.json() };
  }

  async waitHealthy(timeoutMs = 30_000): Promise<void> {
    let last = 'no answer';
    await waitUntil(
      async () => {
        if (this.child.exitCode !== null)
          throw new Error(`${this.name} exited with ${this.child.exitCode}:\n${this.recentLogs()}`);
        try {
          const { status, body } = await this.health();
          if (status === 200) return true;
          last = JSON.stringify(body);
        } catch (error) {
          last = (error as Error).message;
        }
        return false;
      },
      { timeoutMs, what: `${this.name} to be healthy`, details: () => `${last}\n${this.recentLogs()}` },
    );
  }

  /** Resolves when a log line matching `pattern` appears. */
  waitForLog(pattern: RegExp, timeoutMs = 15_000): Promise<string> {
    return waitUntil(() => this.logs.find((l) => pattern.test(l)), {
      timeoutMs,
      what: `a log line of ${this.name} matching ${pattern}`,
      details: () => this.recentLogs(),
      everyMs: 50,
    });
  }

  kill(signal: NodeJS.Signals = 'SIGTERM') {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.exited;
  }

  wait() {
    return this.exited;
  }

  private recentLogs(): string {
    return this.logs.slice(-20).join('\n');
  }
}

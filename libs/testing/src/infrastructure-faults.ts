import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const ROOT = resolve(__dirname, '../../../..');
const run = promisify(execFile);

/**
 * Restarts the broker, or stops and starts the database, under a running system: the container's
 * when the run uses Testcontainers (scripts/run-tests.mjs passes their ids), else the local one.
 * The test process goes on meanwhile, as clients do: its connections answer the gateway's pings
 * instead of being ended for missing them.
 */
export async function restartRabbitMq(): Promise<void> {
  const container = process.env.RABBITMQ_CONTAINER_ID;
  if (container) await run('docker', ['restart', container]);
  else {
    await rabbitmqctl(['stop_app']);
    await rabbitmqctl(['start_app']);
  }
}

/** `rabbitmqctl` on the test run's broker: in its container when the run uses Testcontainers, else the local node. */
export async function rabbitmqctl(args: string[]): Promise<string> {
  const container = process.env.RABBITMQ_CONTAINER_ID;
  const [command, argv] = container
    ? ['docker', ['exec', container, 'rabbitmqctl', ...args]]
    : ['rabbitmqctl', args];
  const { stdout } = await run(command, argv, { encoding: 'utf8', timeout: 60_000 });
  return stdout;
}

export function restartDatabase(): Promise<void> {
  return database('restart');
}

/** Stops the database until startDatabase: the services stay up and wait for it. */
export function stopDatabase(): Promise<void> {
  return database('stop');
}

export function startDatabase(): Promise<void> {
  return database('start');
}

async function database(action: 'stop' | 'start' | 'restart'): Promise<void> {
  const container = process.env.MONGO_CONTAINER_ID;
  if (container) await run('docker', [action, container]);
  else await run('bash', [resolve(ROOT, 'scripts/infra.sh'), `${action}-db`]);
}

import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../../..');

/**
 * Restarts the broker, or stops and starts the database, under a running system: the container's when the run uses
 * Testcontainers (scripts/run-tests.mjs passes their ids), else the local one.
 */
export function restartRabbitMq(): void {
  const container = process.env.RABBITMQ_CONTAINER_ID;
  if (container) execFileSync('docker', ['restart', container], { stdio: 'ignore' });
  else {
    execFileSync('rabbitmqctl', ['stop_app'], { stdio: 'ignore' });
    execFileSync('rabbitmqctl', ['start_app'], { stdio: 'ignore' });
  }
}

export function restartDatabase(): void {
  database('restart');
}

/** Stops the database until startDatabase: the services stay up and wait for it. */
export function stopDatabase(): void {
  database('stop');
}

export function startDatabase(): void {
  database('start');
}

function database(action: 'stop' | 'start' | 'restart'): void {
  const container = process.env.MONGO_CONTAINER_ID;
  if (container) execFileSync('docker', [action, container], { stdio: 'ignore' });
  else execFileSync('bash', [resolve(ROOT, 'scripts/infra.sh'), `${action}-db`], { stdio: 'ignore' });
}

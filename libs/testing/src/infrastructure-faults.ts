import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../../..');

/**
 * Restarts the broker or the database under a running system: the container's when the run uses
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
  const container = process.env.MONGO_CONTAINER_ID;
  if (container) execFileSync('docker', ['restart', container], { stdio: 'ignore' });
  else execFileSync('bash', [resolve(ROOT, 'scripts/infra.sh'), 'restart-db'], { stdio: 'ignore' });
}

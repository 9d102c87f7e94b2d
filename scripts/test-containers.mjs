// RabbitMQ and MongoDB for a test run from Testcontainers, on whatever Docker engine answers:
// rabbitmq:4-management and mongo:8, or the images PARLEY_TEST_RABBITMQ_IMAGE and
// PARLEY_TEST_MONGO_IMAGE name (local images are used without a pull).
//
// It works where the engine has no registry and no default bridge network (Parley's CI machines):
// - Ryuk, Testcontainers' reaper, is an image of its own to pull; instead this runner removes what
//   it started (on exit, on SIGINT/SIGTERM, and what a killed run left behind at the next start).
// - The two containers get a network of their own: without a default bridge, containers on the
//   default network get no published ports.
// - Testcontainers looks up the bridge network's gateway to reach containers when it runs inside
//   one (/.dockerenv); with no bridge, the published ports are on localhost.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const RUN_LABEL = 'parley.test-run.pid';

/** Whether a Docker engine answers. */
export function dockerAvailable() {
  return docker(['info']) !== null;
}

/**
 * Starts both containers and sets RABBITMQ_URL, RABBITMQ_MANAGEMENT_URL, MONGO_URL and the
 * containers' ids (the fault harness restarts them) in process.env. Resolves to a stop function.
 * If either fails to start, whatever did start is removed and the error says why and what else to do.
 */
export async function startContainers(root) {
  const require = createRequire(join(root, 'libs/testing/package.json'));
  process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
  if (docker(['network', 'inspect', 'bridge']) === null)
    process.env.TESTCONTAINERS_HOST_OVERRIDE ??= 'localhost';
  const { GenericContainer, Wait } = require('testcontainers');
  const { RabbitMQContainer } = require('@testcontainers/rabbitmq');
  removeLeftovers();

  const rabbitImage = process.env.PARLEY_TEST_RABBITMQ_IMAGE || 'rabbitmq:4-management';
  const mongoImage = process.env.PARLEY_TEST_MONGO_IMAGE || 'mongo:8';
  const labels = { [RUN_LABEL]: String(process.pid) };
  const network = `parley-tests-${process.pid}`;
  if (docker(['network', 'create', '--label', `${RUN_LABEL}=${process.pid}`, network]) === null)
    throw new Error(`Testcontainers: could not create the Docker network ${network}`);
  console.log(`starting ${rabbitImage} and ${mongoImage} with Testcontainers`);
  const starts = await Promise.allSettled([
    new RabbitMQContainer(rabbitImage)
      .withNetworkMode(network)
      .withLabels(labels)
      .withStartupTimeout(180_000)
      .start(),
    // A standalone server, as Parley runs on: it uses neither transactions nor change streams, so
    // the replica set that Testcontainers' MongoDB module sets up would only slow the start.
    new GenericContainer(mongoImage)
      .withNetworkMode(network)
      .withLabels(labels)
      .withExposedPorts(27017)
      .withHealthCheck({
        test: ['CMD', 'mongosh', '--quiet', '--eval', 'quit(db.adminCommand({ ping: 1 }).ok ? 0 : 1)'],
        interval: 1000,
        timeout: 5000,
        retries: 120,
      })
      .withWaitStrategy(Wait.forHealthCheck())
      .withStartupTimeout(180_000)
      .start(),
  ]);
  const started = starts.filter((s) => s.status === 'fulfilled').map((s) => s.value);
  const stop = async () => {
    await Promise.allSettled(started.map((container) => container.stop()));
    docker(['network', 'rm', network]);
  };
  const failures = starts.flatMap((s, i) =>
    s.status === 'rejected' ? [`${[rabbitImage, mongoImage][i]}: ${describe(s.reason)}`] : [],
  );
  if (failures.length > 0) {
    await stop();
    throw new Error(
      `Testcontainers could not start the test infrastructure (${failures.join('; ')}).\n` +
        'Tests need RabbitMQ and MongoDB, either way:\n' +
        `  - a Docker engine that has or can pull ${rabbitImage} and ${mongoImage} (Testcontainers); or\n` +
        '  - scripts/infra.sh up, then RABBITMQ_URL=amqp://guest:guest@127.0.0.1:5672 ' +
        'RABBITMQ_MANAGEMENT_URL=http://guest:guest@127.0.0.1:15672 MONGO_URL=mongodb://127.0.0.1:27017/parley.',
    );
  }
  const [rabbit, mongo] = started;
  const signalled = (signal) => stop().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  process.once('SIGINT', signalled);
  process.once('SIGTERM', signalled);

  process.env.RABBITMQ_URL = `amqp://guest:guest@${rabbit.getHost()}:${rabbit.getMappedPort(5672)}`;
  process.env.RABBITMQ_MANAGEMENT_URL = `http://guest:guest@${rabbit.getHost()}:${rabbit.getMappedPort(15672)}`;
  process.env.MONGO_URL = `mongodb://${mongo.getHost()}:${mongo.getMappedPort(27017)}/parley?directConnection=true`;
  process.env.RABBITMQ_CONTAINER_ID = rabbit.getId();
  process.env.MONGO_CONTAINER_ID = mongo.getId();
  return stop;
}

/** Containers and networks of earlier runs whose runner is gone (killed before it could clean up). */
function removeLeftovers() {
  for (const kind of ['container', 'network']) {
    const rows = docker([
      kind,
      'ls',
      '-a',
      '--filter',
      `label=${RUN_LABEL}`,
      '--format',
      `{{.ID}} {{.Label "${RUN_LABEL}"}}`,
    ]);
    for (const row of (rows ?? '').split('\n').filter(Boolean)) {
      const [id, pid] = row.split(' ');
      if (alive(Number(pid))) continue;
      docker(kind === 'container' ? ['rm', '-f', '-v', id] : ['network', 'rm', id]);
    }
  }
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function describe(error) {
  return error instanceof Error ? error.message.split('\n')[0] : String(error);
}

function docker(args) {
  try {
    return execFileSync('docker', args, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 10_000,
    });
  } catch {
    return null;
  }
}

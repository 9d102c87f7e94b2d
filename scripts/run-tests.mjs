#!/usr/bin/env node
// Runs every compiled test (unit, integration, end-to-end) with Node's test runner and ends with
// one line "N passed, N failed". RabbitMQ and MongoDB come from Testcontainers when a Docker
// engine answers and RABBITMQ_URL/MONGO_URL are not set; otherwise from those variables.
//   node scripts/run-tests.mjs [folder …]   (default: every project)
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { createRequire } from 'node:module';

const root = resolve(import.meta.dirname, '..');
const require = createRequire(join(root, 'libs/testing/package.json'));
const folders = process.argv.slice(2).length ? process.argv.slice(2) : ['libs', 'services', 'clients', 'tests'];
const concurrency = process.env.TEST_CONCURRENCY ?? '2';

function findTests(dir, out = []) {
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules') continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) findTests(path, out);
    else if (/\.(spec|test)\.js$/.test(entry) && path.includes(`${'/dist/'}`)) out.push(path);
  }
  return out;
}

function dockerAvailable() {
  try {
    execFileSync('docker', ['info'], { stdio: 'ignore', timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}

async function resolveInfra() {
  if (process.env.RABBITMQ_URL && process.env.MONGO_URL) return async () => {};
  if (!dockerAvailable()) {
    console.error(
      'Tests need RabbitMQ and MongoDB, and neither way to get them is available:\n' +
        '  - start a Docker engine, and Testcontainers will run rabbitmq:4-management and mongo:8; or\n' +
        '  - run `scripts/infra.sh up` and set RABBITMQ_URL=amqp://guest:guest@127.0.0.1:5672, ' +
        'RABBITMQ_MANAGEMENT_URL=http://guest:guest@127.0.0.1:15672 and MONGO_URL=mongodb://127.0.0.1:27017/parley.',
    );
    process.exit(2);
  }
  const { RabbitMQContainer } = require('@testcontainers/rabbitmq');
  const { MongoDBContainer } = require('@testcontainers/mongodb');
  console.log('starting rabbitmq:4-management and mongo:8 with Testcontainers');
  const [rabbit, mongo] = await Promise.all([
    new RabbitMQContainer('rabbitmq:4-management').withStartupTimeout(180_000).start(),
    new MongoDBContainer('mongo:8').start(),
  ]);
  process.env.RABBITMQ_URL = rabbit.getAmqpUrl();
  process.env.RABBITMQ_MANAGEMENT_URL = `http://guest:guest@${rabbit.getHost()}:${rabbit.getMappedPort(15672)}`;
  const mongoUrl = new URL(mongo.getConnectionString());
  mongoUrl.pathname = '/parley';
  mongoUrl.searchParams.set('directConnection', 'true');
  process.env.MONGO_URL = mongoUrl.toString();
  return async () => {
    await Promise.allSettled([rabbit.stop(), mongo.stop()]);
  };
}

const files = folders.flatMap((f) => findTests(resolve(root, f))).sort();
if (files.length === 0) {
  console.error(`no compiled tests found under ${folders.join(', ')}: run \`npm run build\` first`);
  process.exit(1);
}
const stopInfra = await resolveInfra();
console.log(`running ${files.length} test files (concurrency ${concurrency})`);
const child = spawn(
  process.execPath,
  ['--test', '--test-reporter=spec', `--test-concurrency=${concurrency}`, ...files.map((f) => relative(root, f))],
  { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], env: process.env },
);
let tail = '';
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  tail = (tail + chunk.toString()).slice(-4000);
});
const code = await new Promise((ok) => child.on('exit', (c) => ok(c ?? 1)));
await stopInfra();
const count = (label) => Number(tail.match(new RegExp(`ℹ ${label} (\\d+)`))?.[1] ?? 0);
const passed = count('pass');
const failed = count('fail') + count('cancelled');
console.log(`${passed} passed, ${failed} failed`);
process.exit(code === 0 && failed === 0 && passed > 0 ? 0 : 1);

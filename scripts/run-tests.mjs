#!/usr/bin/env node
// Runs every compiled test (unit, integration, end-to-end, then the fault suite on its own, since
// it restarts the broker and the database) with Node's test runner and ends with one line
// "N passed, N failed". RabbitMQ and MongoDB come from Testcontainers when a Docker engine answers
// and RABBITMQ_URL/MONGO_URL are not set; otherwise from those variables.
//   node scripts/run-tests.mjs [folder …]   (default: every project)
import { spawn } from 'node:child_process';
import { dockerAvailable, startContainers } from './test-containers.mjs';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const concurrency = process.env.TEST_CONCURRENCY ?? '2';
const phases = process.argv.slice(2).length
  ? [
      {
        folders: process.argv.slice(2),
        concurrency: process.argv.includes('tests/faults') ? '1' : concurrency,
      },
    ]
  : [
      {
        folders: ['libs', 'services', 'clients', 'tests/e2e', 'tests/security', 'tests/static', 'bench'],
        concurrency,
      },
      { folders: ['tests/faults'], concurrency: '1' },
    ];

function findTests(dir, out = []) {
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules') continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) findTests(path, out);
    else if (/\.(spec|test)\.js$/.test(entry) && path.includes(`${'/dist/'}`)) out.push(path);
  }
  return out;
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
  try {
    return await startContainers(root);
  } catch (error) {
    console.error(error.message);
    process.exit(2);
  }
}

const found = phases
  .map((phase) => ({
    ...phase,
    files: phase.folders
      .filter((f) => existsSync(resolve(root, f)))
      .flatMap((f) => findTests(resolve(root, f)))
      .sort(),
  }))
  .filter((phase) => phase.files.length > 0);
if (found.length === 0) {
  console.error(`no compiled tests found: run \`npm run build\` first`);
  process.exit(1);
}
const stopInfra = await resolveInfra();
let passed = 0;
let failed = 0;
let exitCode = 0;
for (const phase of found) {
  console.log(
    `running ${phase.files.length} test files from ${phase.folders.join(', ')} (concurrency ${phase.concurrency})`,
  );
  const result = await runPhase(phase.files, phase.concurrency);
  passed += result.passed;
  failed += result.failed;
  exitCode ||= result.code;
}
await stopInfra();
const leftovers = leftoverServices();
if (leftovers.length > 0) {
  console.error(
    `${leftovers.length} service processes outlived the tests that started them (now killed):\n` +
      leftovers.map(({ pid, command }) => `  ${pid} ${command}`).join('\n'),
  );
  for (const { pid } of leftovers) process.kill(pid, 'SIGKILL');
  failed += 1;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(exitCode === 0 && failed === 0 && passed > 0 ? 0 : 1);

async function runPhase(files, phaseConcurrency) {
  const child = spawn(
    process.execPath,
    [
      '--test',
      '--test-reporter=spec',
      `--test-concurrency=${phaseConcurrency}`,
      ...files.map((f) => relative(root, f)),
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], env: process.env },
  );
  // The runner's summary ("ℹ pass N") is followed by the details of each failure, however long.
  const counts = { pass: 0, fail: 0, cancelled: 0 };
  let partial = '';
  child.stdout.on('data', (chunk) => {
    process.stdout.write(chunk);
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      const match = /^ℹ (pass|fail|cancelled) (\d+)$/.exec(line.trim());
      if (match) counts[match[1]] = Number(match[2]);
    }
  });
  const code = await new Promise((ok) => child.on('exit', (c) => ok(c ?? 1)));
  return { code, passed: counts.pass, failed: counts.fail + counts.cancelled };
}

/** Service processes of this checkout still running: a test that started one did not stop it. */
function leftoverServices() {
  if (!existsSync('/proc')) return [];
  const mine = new RegExp(
    `^${root.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/services/[^/]+/dist/src/main\\.js$`,
  );
  const found = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let args;
    try {
      args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').filter(Boolean);
    } catch {
      continue;
    }
    if (args.some((arg) => mine.test(arg))) found.push({ pid: Number(entry), command: args.join(' ') });
  }
  return found;
}

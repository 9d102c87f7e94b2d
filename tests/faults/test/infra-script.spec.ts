import assert from 'node:assert/strict';
import { ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { freePort, waitUntil } from '@parley/testing';

const ROOT = resolve(__dirname, '../../../..');
const INFRA = join(ROOT, 'scripts/infra.sh');
const run = promisify(execFile);

/** `scripts/infra.sh status` against a database on `port`: its exit code and everything it said. */
async function status(port: number): Promise<{ code: number; output: string }> {
  const env = { ...process.env, PARLEY_MONGO_PORT: String(port) };
  return run('bash', [INFRA, 'status'], { env }).then(
    ({ stdout, stderr }) => ({ code: 0, output: stdout + stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      output: error.stdout + error.stderr,
    }),
  );
}

/** The FerretDB binary the script builds and starts, if it was built on this machine. */
const ferretdb = (() => {
  try {
    const bin = execFileSync('bash', [INFRA, 'ferretdb-bin'], { encoding: 'utf8' }).trim();
    return existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
})();

/**
 * A FerretDB of the test's own, on a port of its own, whose data folder is then deleted: it still
 * listens, and answers every new database with an error. The infrastructure script must not take
 * it for working.
 */
describe(
  'scripts/infra.sh and a database that listens but does not work',
  { skip: ferretdb ? false : 'FerretDB is not built on this machine (scripts/infra.sh install)' },
  () => {
    let dir: string;
    let port: number;
    let server: ChildProcess;

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'parley-infra-'));
      mkdirSync(join(dir, 'data'));
      port = await freePort();
      server = spawn(
        ferretdb!,
        [
          '--handler=sqlite',
          `--sqlite-url=file:${dir}/data/`,
          `--state-dir=${dir}`,
          `--listen-addr=127.0.0.1:${port}`,
          '--debug-addr=-',
          '--telemetry=disable',
          '--log-level=error',
        ],
        { stdio: 'ignore' },
      );
      // `status` exits 0 for a database that is down too: wait until it says this one is up.
      await waitUntil(async () => (await status(port)).output.includes(`mongodb: up (${port})`), {
        what: 'the FerretDB of the test to work',
        timeoutMs: 15_000,
      });
    });

    after(() => {
      server?.kill();
      rmSync(dir, { recursive: true, force: true });
    });

    it('says the database is up while it takes writes, and not working, with what to do, once its data folder is gone', async () => {
      assert.match((await status(port)).output, new RegExp(`mongodb: up \\(${port}\\)`));
      rmSync(join(dir, 'data'), { recursive: true, force: true });
      const broken = await status(port);
      assert.equal(broken.code, 1, broken.output);
      assert.match(broken.output, /listening on \d+ but not working/);
      assert.match(broken.output, /unable to open database file/);
      assert.match(broken.output, new RegExp(`data folder ${dir}/data/ no longer exists`));
      assert.match(broken.output, /stop it \(kill \d+\) and run scripts\/infra.sh up again/);
    });
  },
);

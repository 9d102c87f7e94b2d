import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';

const MAIN = resolve(__dirname, '../src/main.js');

/**
 * Runs the benchmark's smoke configuration as CI does, so the tool cannot rot. It asserts that
 * no message was lost or duplicated and that the report has its shape; never a time or a rate,
 * which on a shared runner would only make the test flaky.
 */
describe('bench --smoke', () => {
  const out = mkdtempSync(join(tmpdir(), 'parley-bench-'));
  after(() => rmSync(out, { recursive: true, force: true }));

  it(
    'drives every scenario without losing or duplicating a message, and writes its report',
    { timeout: 240_000 },
    async () => {
      const child = spawn(process.execPath, [MAIN, '--smoke', '--out', out], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (c: Buffer) => (output += c));
      child.stderr.on('data', (c: Buffer) => (output += c));
      const code = await new Promise<number | null>((ok) => child.once('exit', ok));
      assert.equal(code, 0, output);

      const files = readdirSync(out);
      const json = files.find((f) => f.endsWith('.json'));
      assert.ok(json, `no JSON report in ${files.join(', ')}`);
      assert.ok(
        files.some((f) => f.endsWith('-latency.svg')),
        'no latency chart',
      );
      const report = JSON.parse(readFileSync(join(out, json), 'utf8'));
      for (const key of ['startedAt', 'machine', 'flags', 'results', 'checks', 'totals'])
        assert.ok(key in report, `report has ${key}`);
      for (const key of [
        'connectLogin',
        'throughput',
        'latencySweep',
        'openConversation',
        'offlineFlush',
        'logins',
        'idle',
        'contactsList',
      ]) {
        assert.ok(key in report.results, `results have ${key}`);
      }
      assert.equal(report.results.errors, undefined, JSON.stringify(report.results.errors));
      assert.equal(report.totals.lost, 0);
      assert.equal(report.totals.duplicated, 0);
      assert.equal(report.totals.failedSends, 0);
      assert.equal(report.results.offlineFlush.missing, 0);
      assert.ok(report.results.throughput.acked > 0, 'messages were sent');
    },
  );
});

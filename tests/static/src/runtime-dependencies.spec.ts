import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ROOT, folders, runtimeWorkspaceDeps } from './repo';

/**
 * What the Dockerfile installs into a runtime image: scripts/prune-workspace.mjs cuts the lockfile
 * down to one app, and `npm ci --omit=dev` installs exactly that lockfile.
 */
const apps = [
  ...folders('services').map((f) => `services/${f}`),
  ...folders('clients').map((f) => `clients/${f}`),
];
const out = mkdtempSync(join(tmpdir(), 'parley-prune-'));
after(() => rmSync(out, { recursive: true, force: true }));

interface Lockfile {
  packages: Record<string, { link?: boolean; resolved?: string; dev?: boolean }>;
}

function prune(app: string, ...flags: string[]): string {
  const dir = join(out, app.replace('/', '-') + flags.join(''));
  execFileSync('node', [join(ROOT, 'scripts/prune-workspace.mjs'), app, dir, ...flags], { stdio: 'pipe' });
  return dir;
}

/** Registry package names (not workspaces) in a lockfile. */
function registryPackages(lock: Lockfile): Set<string> {
  return new Set(
    Object.entries(lock.packages)
      .filter(([key, entry]) => key.includes('node_modules/') && !entry.link)
      .map(([key]) => key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length)),
  );
}

const full = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as Lockfile;
// Packages only the tests, the benchmark and the build use: none belongs in a runtime image.
const TEST_AND_BUILD_ONLY = [
  'testcontainers',
  '@testcontainers/rabbitmq',
  'typescript',
  'eslint',
  'nx',
  'ssh2',
];

describe('runtime dependencies of each app (scripts/prune-workspace.mjs)', () => {
  for (const app of apps) {
    it(`${app}: its own workspace and the libs it links, none of the others`, () => {
      const manifest = JSON.parse(readFileSync(join(prune(app), 'package.json'), 'utf8')) as {
        workspaces: string[];
        devDependencies?: unknown;
      };
      const expected = [app, ...runtimeWorkspaceDeps(app).map((w) => w.dir)].sort();
      assert.deepEqual(manifest.workspaces, expected);
      assert.equal(manifest.devDependencies, undefined, 'the root dev dependencies are kept');
    });

    it(`${app}: no package that only tests or the build use`, () => {
      const lock = JSON.parse(readFileSync(join(prune(app), 'package-lock.json'), 'utf8')) as Lockfile;
      const kept = registryPackages(lock);
      assert.deepEqual(
        TEST_AND_BUILD_ONLY.filter((name) => kept.has(name)),
        [],
        `${app}'s runtime holds test or build tools`,
      );
      assert.ok(kept.size < registryPackages(full).size / 2, `${app} keeps ${kept.size} packages`);
      for (const [key, entry] of Object.entries(lock.packages))
        if (key.includes('node_modules/') && !entry.link)
          assert.deepEqual(entry, full.packages[key], `${key} differs from package-lock.json`);
    });

    it(`${app}: --dist copies the compiled output of the same workspaces`, () => {
      const dir = prune(app, '--dist');
      for (const workspace of [app, ...runtimeWorkspaceDeps(app).map((w) => w.dir)])
        assert.ok(existsSync(join(dir, workspace, 'dist')), `${workspace}/dist was not copied`);
      assert.ok(!existsSync(join(dir, 'package.json')), '--dist writes manifests too');
    });
  }

  it('leaves the database driver out of the apps that never open a database', () => {
    for (const app of ['services/gateway', 'clients/tui']) {
      const lock = JSON.parse(readFileSync(join(prune(app), 'package-lock.json'), 'utf8')) as Lockfile;
      assert.ok(!registryPackages(lock).has('mongoose'), `${app} would install mongoose`);
    }
  });

  it('refuses a folder that is not a workspace, with the reason', () => {
    assert.throws(
      () => prune('services/nope'),
      (error: Error & { stderr?: Buffer }) => /services\/nope is not a workspace/.test(String(error.stderr)),
    );
  });
});

#!/usr/bin/env node
// Writes a package.json and a package-lock.json that hold one app of the workspace and only what it
// runs: the workspace libs it links and the registry packages its production dependencies reach.
// `npm ci --omit=dev` on them installs that and nothing else. Without this, npm ci installs every
// package of the lockfile whatever --workspace says, and a lib that test workspaces depend on
// counts as a production dependency of the root (testcontainers, mongoose in the gateway's image).
//   node scripts/prune-workspace.mjs <app folder> <output folder>          manifests and lockfile
//   node scripts/prune-workspace.mjs <app folder> <output folder> --dist   the same workspaces' dist/
// Nx can prune a lockfile only through its project graph and build executors, which Parley does
// not use (it builds with tsc -b), so the walk is done here, over the lockfile alone.
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const [app, out, mode] = process.argv.slice(2);
if (!app || !out || (mode !== undefined && mode !== '--dist')) {
  console.error(
    'usage: node scripts/prune-workspace.mjs <app folder, e.g. services/gateway> <output folder> [--dist]',
  );
  process.exit(2);
}
const root = resolve(import.meta.dirname, '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
const packages = lock.packages;
if (lock.lockfileVersion !== 3)
  fail(`package-lock.json has lockfileVersion ${lock.lockfileVersion}; this reads 3`);
if (!packages[app]) fail(`${app} is not a workspace of package-lock.json`);

/** Where Node finds `name` when required from the package at `from` (a lockfile key). */
function locate(name, from) {
  for (let dir = from; ; dir = parentPackage(dir)) {
    const key = dir ? `${dir}/node_modules/${name}` : `node_modules/${name}`;
    if (packages[key]) return key;
    if (!dir) return undefined;
  }
}

/** The package folder whose node_modules holds `key`, or the folder of a workspace, up to the root (''). */
function parentPackage(key) {
  const at = key.lastIndexOf('/node_modules/');
  return at >= 0 ? key.slice(0, at) : '';
}

const kept = new Set();
const workspaces = new Set();
function keep(key) {
  if (kept.has(key)) return;
  kept.add(key);
  const entry = packages[key];
  if (entry.link) {
    workspaces.add(entry.resolved);
    return keep(entry.resolved);
  }
  const optionalPeers = entry.peerDependenciesMeta ?? {};
  const wanted = {
    ...entry.dependencies,
    ...entry.optionalDependencies,
    ...Object.fromEntries(
      Object.entries(entry.peerDependencies ?? {}).filter(([name]) => !optionalPeers[name]?.optional),
    ),
  };
  for (const name of Object.keys(wanted)) {
    const found = locate(name, key);
    if (found) keep(found);
    else if (!entry.optionalDependencies?.[name] && !entry.peerDependencies?.[name])
      fail(`${key} depends on ${name}, which package-lock.json does not hold`);
  }
}
keep(app);
workspaces.add(app);
// npm ci links every workspace into node_modules: keep the link entries of the kept ones.
for (const [key, entry] of Object.entries(packages))
  if (entry.link && workspaces.has(entry.resolved)) kept.add(key);

if (mode === '--dist') {
  for (const workspace of workspaces) {
    const dist = join(root, workspace, 'dist');
    if (!existsSync(dist)) fail(`${workspace}/dist does not exist: build the workspace first`);
    cpSync(dist, join(out, workspace, 'dist'), { recursive: true });
  }
  process.exit(0);
}

const prunedManifest = { ...manifest, workspaces: [...workspaces].sort() };
delete prunedManifest.devDependencies;
delete prunedManifest.scripts;
const prunedLock = {
  ...lock,
  packages: {
    '': { ...packages[''], workspaces: prunedManifest.workspaces, devDependencies: undefined },
    ...Object.fromEntries(
      Object.entries(packages)
        .filter(([key]) => kept.has(key))
        .map(([key, entry]) => [key, workspaces.has(key) ? withoutDevDependencies(entry) : entry]),
    ),
  },
};
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'package.json'), `${JSON.stringify(prunedManifest, null, 2)}\n`);
writeFileSync(join(out, 'package-lock.json'), `${JSON.stringify(prunedLock, null, 2)}\n`);
for (const workspace of workspaces) {
  mkdirSync(join(out, workspace), { recursive: true });
  const workspaceManifest = JSON.parse(readFileSync(join(root, workspace, 'package.json'), 'utf8'));
  writeFileSync(
    join(out, workspace, 'package.json'),
    `${JSON.stringify(withoutDevDependencies(workspaceManifest), null, 2)}\n`,
  );
}
const registryPackages = [...kept].filter(
  (key) => key.includes('node_modules/') && !packages[key].link,
).length;
console.log(`${app}: ${workspaces.size} workspaces, ${registryPackages} registry packages`);

// A workspace's dev dependencies may be workspaces that are left out (@parley/testing): npm ci would
// look for them in the registry even with --omit=dev.
function withoutDevDependencies(manifest) {
  const kept = { ...manifest };
  delete kept.devDependencies;
  return kept;
}

function fail(message) {
  console.error(`prune-workspace: ${message}`);
  process.exit(1);
}

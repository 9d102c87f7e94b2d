import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parse } from 'yaml';

/** The repository root: the nearest folder above this file whose package.json has workspaces. */
export const ROOT = findRoot(__dirname);

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && 'workspaces' in readJson(manifest)) return dir;
    if (dirname(dir) === dir) throw new Error(`no workspace root above ${from}`);
  }
}

export function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

export function readText(pathFromRoot: string): string {
  return readFileSync(join(ROOT, pathFromRoot), 'utf8');
}

export function rel(path: string): string {
  return relative(ROOT, path).split('\\').join('/');
}

/** The project folders directly under a group folder, e.g. folders('services') → ['gateway', …]. */
export function folders(group: string): string[] {
  const dir = join(ROOT, group);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => !name.startsWith('.') && statSync(join(dir, name)).isDirectory())
    .sort();
}

export interface Workspace {
  /** Folder from the root, e.g. "services/gateway". */
  dir: string;
  name: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}

/** Every npm workspace the root package.json declares: "group/*" globs or plain folders. */
export function workspaces(): Workspace[] {
  const globs = readJson(join(ROOT, 'package.json')).workspaces as string[];
  return globs
    .flatMap((glob) => {
      if (!glob.includes('*')) return [glob];
      if (!glob.endsWith('/*'))
        throw new Error(`unexpected workspace glob ${glob}: teach tests/static about it`);
      const group = glob.slice(0, -2);
      return folders(group).map((name) => `${group}/${name}`);
    })
    .filter((dir) => existsSync(join(ROOT, dir, 'package.json')))
    .map((dir) => {
      const manifest = readJson(join(ROOT, dir, 'package.json'));
      return {
        dir,
        name: manifest.name as string,
        dependencies: (manifest.dependencies ?? {}) as Record<string, string>,
        devDependencies: (manifest.devDependencies ?? {}) as Record<string, string>,
      };
    });
}

/** The workspaces an app needs at run time: its production dependencies that are workspaces, transitively. */
export function runtimeWorkspaceDeps(appDir: string): Workspace[] {
  const all = workspaces();
  const byName = new Map(all.map((w) => [w.name, w]));
  const seen = new Map<string, Workspace>();
  const visit = (w: Workspace) => {
    for (const dep of Object.keys(w.dependencies)) {
      const lib = byName.get(dep);
      if (lib && !seen.has(lib.dir)) {
        seen.set(lib.dir, lib);
        visit(lib);
      }
    }
  };
  const app = all.find((w) => w.dir === appDir);
  if (!app) throw new Error(`${appDir} is not a workspace`);
  visit(app);
  return [...seen.values()];
}

// ---------------------------------------------------------------------------------------------
// docker-compose.yml

export interface ComposeService {
  image?: string;
  build?:
    | string
    | { context?: string; dockerfile?: string; args?: Record<string, string> | string[]; target?: string };
  environment?: Record<string, string | number | boolean | null> | string[];
  healthcheck?: { test?: string | string[]; disable?: boolean };
  depends_on?: string[] | Record<string, { condition?: string }>;
  restart?: string;
  ports?: (string | { published?: string | number; target?: number })[];
  profiles?: string[];
  command?: string | string[];
  volumes?: (string | { type?: string; source?: string; target?: string })[];
  stdin_open?: boolean;
  tty?: boolean;
}

export interface Compose {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

export const COMPOSE_FILE = 'docker-compose.yml';

export function loadCompose(): { raw: string; compose: Compose } {
  const raw = readText(COMPOSE_FILE);
  // `merge: true` resolves the `<<: *anchor` merge keys that docker compose resolves too.
  const compose = parse(raw, { merge: true }) as Compose;
  return { raw, compose };
}

/** A service's environment as a map, whichever of the two forms compose allows it is written in. */
export function environmentOf(service: ComposeService): Record<string, string> {
  const env = service.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((entry) => {
        const i = entry.indexOf('=');
        return i < 0 ? [entry, ''] : [entry.slice(0, i), entry.slice(i + 1)];
      }),
    );
  }
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === null ? '' : String(v)]));
}

export function dependsOnOf(service: ComposeService): Record<string, string> {
  const deps = service.depends_on ?? {};
  if (Array.isArray(deps)) return Object.fromEntries(deps.map((d) => [d, 'service_started']));
  return Object.fromEntries(Object.entries(deps).map(([k, v]) => [k, v?.condition ?? 'service_started']));
}

export function buildArgsOf(service: ComposeService): Record<string, string> {
  const build = service.build;
  if (!build || typeof build === 'string' || !build.args) return {};
  if (Array.isArray(build.args)) {
    return Object.fromEntries(build.args.map((a) => [a.split('=')[0]!, a.split('=').slice(1).join('=')]));
  }
  return Object.fromEntries(Object.entries(build.args).map(([k, v]) => [k, String(v)]));
}

/**
 * `${VAR}`, `${VAR:-default}`, `${VAR:?error}` … references in a compose value. `$$` is compose's
 * escape for a literal `$` and is not a reference.
 */
export interface VarRef {
  name: string;
  /** The operator after the name, if any: ":-", "-", ":?", "?", ":+", "+". */
  operator: string | null;
}
export function varRefs(text: string): VarRef[] {
  const refs: VarRef[] = [];
  const re = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(:?[-?+])?[^}]*\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;
  for (const m of text.matchAll(re)) {
    if (m[0] === '$$') continue;
    if (m[1]) refs.push({ name: m[1], operator: m[2] ?? null });
    else if (m[3]) refs.push({ name: m[3], operator: null });
  }
  return refs;
}

// ---------------------------------------------------------------------------------------------
// .env.example

export interface EnvExampleEntry {
  name: string;
  value: string;
  line: number;
  /** The comment lines directly above it (without "#"). */
  comment: string;
}

export function loadEnvExample(): EnvExampleEntry[] {
  const lines = readText('.env.example').split('\n');
  const entries: EnvExampleEntry[] = [];
  let comment: string[] = [];
  lines.forEach((text, i) => {
    const line = text.trim();
    if (line.startsWith('#')) {
      comment.push(line.replace(/^#+\s?/, ''));
      return;
    }
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (m)
      entries.push({
        name: m[1]!,
        value: m[2]!.replace(/^(['"])(.*)\1$/, '$2'),
        line: i + 1,
        comment: comment.join(' '),
      });
    comment = [];
  });
  return entries;
}

/** Names that hold credentials: their values must come from the environment, never from a file in git. */
export const SECRET_NAME = /(PASS|PASSWORD|SECRET|TOKEN|PRIVATE_KEY|API_KEY|CREDENTIALS?)$/i;
/** Names of a credential's user half, also never a literal in compose. */
export const USER_NAME = /(_USER|_USERNAME)$/i;

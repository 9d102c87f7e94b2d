import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { copyParts, parseDockerfile, Stage } from './dockerfile';
import { ROOT, buildArgsOf, loadCompose, readText, workspaces } from './repo';

/** The one multi-stage Dockerfile every service image is built from, checked without a Docker engine. */
const text = readText('Dockerfile');
const dockerfile = parseDockerfile(text);
const stages = dockerfile.stages;
const runtime = stages[stages.length - 1]!;
const stageNames = new Set(stages.map((s) => s.name).filter((n): n is string => n !== null));
const at = (line: number) => `Dockerfile:${line}`;

const runs = (stage: Stage) => stage.instructions.filter((i) => i.keyword === 'RUN');
const copies = (stage: Stage) =>
  stage.instructions.filter((i) => i.keyword === 'COPY' || i.keyword === 'ADD');

describe('Dockerfile', () => {
  it('needs no BuildKit frontend image: no `# syntax=` directive, which makes a build fetch one from a registry', () => {
    const directive = text.split('\n').findIndex((line) => /^#\s*syntax\s*=/i.test(line));
    assert.equal(
      directive,
      -1,
      `${at(directive + 1)}: remove the syntax directive; the built-in syntax is enough`,
    );
  });

  it('is multi-stage: a build stage and a separate runtime stage', () => {
    assert.ok(stages.length >= 2, 'expected at least a build and a runtime stage');
    assert.ok(
      runs(runtime).every((r) => !/\bnpm (ci|install|run build)\b/.test(r.args)),
      'the runtime stage must not install or build',
    );
  });

  it('pins every base image at least to a major version (no :latest, no untagged)', () => {
    for (const stage of stages) {
      if (stageNames.has(stage.from)) continue;
      if (stage.from.includes('@sha256:')) continue;
      const tag = /:([^/:]+)$/.exec(stage.from)?.[1];
      assert.ok(tag, `${at(stage.line)}: FROM ${stage.from} has no tag`);
      assert.notEqual(tag, 'latest', `${at(stage.line)}: FROM ${stage.from} uses :latest`);
      assert.match(tag, /^v?\d/, `${at(stage.line)}: FROM ${stage.from} is not pinned to a version`);
    }
  });

  it('runs the runtime stage as a non-root USER', () => {
    const users = runtime.instructions.filter((i) => i.keyword === 'USER');
    assert.ok(users.length > 0, `the runtime stage (${at(runtime.line)}) sets no USER, so it runs as root`);
    const last = users[users.length - 1]!;
    const user = last.args.split(':')[0]!.trim();
    assert.ok(!['root', '0', ''].includes(user), `${at(last.line)}: USER ${last.args} is root`);
    const afterUser = runtime.instructions.slice(runtime.instructions.indexOf(last) + 1);
    assert.ok(!afterUser.some((i) => i.keyword === 'USER'), 'USER is switched back later');
    assert.ok(
      runtime.instructions.some((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT'),
      'the runtime stage has no CMD or ENTRYPOINT',
    );
  });

  it('starts the selected app from its dist/src/main.js, chosen by ARG SERVICE', () => {
    const args = runtime.instructions
      .filter((i) => i.keyword === 'ARG')
      .map((i) => i.args.split('=')[0]!.trim());
    assert.ok(args.includes('SERVICE'), 'the runtime stage declares no ARG SERVICE');
    const cmd = runtime.instructions.filter((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT').pop()!;
    assert.ok(
      cmd.args.trim().startsWith('['),
      `${at(cmd.line)}: use the exec form, so node is PID 1 and gets SIGTERM`,
    );
    assert.match(cmd.args, /dist\/src\/main\.js/, `${at(cmd.line)}: must start dist/src/main.js`);
  });

  it('installs production dependencies only into the runtime image', () => {
    // A stage that ran `npm ci` without --omit=dev holds dev dependencies: the runtime may take
    // compiled output from it (…/dist), never its node_modules or the whole tree.
    const devStages = new Set<string | null>();
    for (const stage of stages)
      if (
        devStages.has(stage.from) ||
        runs(stage).some((r) => /\bnpm ci\b/.test(r.args) && !/--omit=dev|--production/.test(r.args))
      )
        devStages.add(stage.name);
    const prodStages = new Set(
      stages.filter((s) => runs(s).some((r) => /\bnpm ci\b.*--omit=dev/.test(r.args))).map((s) => s.name),
    );
    assert.ok(prodStages.size > 0, 'no stage runs npm ci --omit=dev');
    const fromProd = copies(runtime).filter((c) => prodStages.has(copyParts(c).flags.from ?? ''));
    assert.ok(fromProd.length > 0, 'the runtime stage copies nothing from the npm ci --omit=dev stage');
    for (const copy of copies(runtime)) {
      const { flags, sources } = copyParts(copy);
      if (!devStages.has(flags.from ?? '')) continue;
      // prune-workspace.mjs --dist copies nothing but the dist folders of the app's workspaces.
      if (
        runs(stages.find((st) => st.name === flags.from)!).some((r) =>
          /prune-workspace\.mjs .*--dist\b/.test(r.args),
        )
      )
        continue;
      for (const source of sources) {
        assert.match(
          source,
          /\/dist\/?$/,
          `${at(copy.line)}: copies ${source} from ${flags.from}, which has dev dependencies`,
        );
      }
    }
  });

  it('copies every workspace package.json before npm ci (npm ci needs them all)', () => {
    const copied = new Set(
      stages
        .flatMap((s) => copies(s).flatMap((c) => copyParts(c).sources))
        .filter((p) => p.endsWith('package.json')),
    );
    const missing = workspaces()
      .map((w) => `${w.dir}/package.json`)
      .filter((p) => !copied.has(p));
    assert.deepEqual(missing, [], `add COPY lines for ${missing.join(', ')}`);
    assert.ok(
      copied.has('package-lock.json') || text.includes('package-lock.json'),
      'the lockfile is not copied',
    );
  });

  it('takes the selected app, the libs it links and their dependencies, cut down by scripts/prune-workspace.mjs', () => {
    // tests/static/src/runtime-dependencies.spec.ts checks what the script keeps for each app.
    const pruning = (stage: Stage, dist: boolean) =>
      runs(stage).some(
        (r) =>
          /node scripts\/prune-workspace\.mjs "\$\{APP_DIR\}" \/runtime/.test(r.args) &&
          /--dist\b/.test(r.args) === dist,
      );
    const copiedFrom = copies(runtime).map((c) => copyParts(c));
    const fromStage = (name: string | null) => copiedFrom.find((c) => c.flags.from === name);
    const deps = stages.find(
      (s) => pruning(s, false) && runs(s).some((r) => /npm ci --omit=dev/.test(r.args)),
    );
    const dist = stages.find((s) => pruning(s, true));
    assert.ok(deps, 'no stage installs the pruned workspace with npm ci --omit=dev');
    assert.ok(dist, 'no stage takes the compiled output with prune-workspace.mjs --dist');
    assert.deepEqual(
      fromStage(deps.name)?.sources,
      ['/runtime'],
      'the runtime does not copy the pruned install',
    );
    assert.deepEqual(
      fromStage(dist.name)?.sources,
      ['/runtime'],
      'the runtime does not copy the pruned dist',
    );
  });

  it('builds every compose app from a folder that exists', () => {
    const { compose } = loadCompose();
    for (const [name, service] of Object.entries(compose.services)) {
      if (!service.build) continue;
      const args = buildArgsOf(service);
      const appDir = args.APP_DIR ?? `services/${args.SERVICE ?? ''}`;
      assert.ok(existsSync(join(ROOT, appDir, 'package.json')), `${name}: ${appDir} is not a workspace`);
    }
  });

  it('has a .dockerignore that keeps node_modules, dist and .env out of the build context', () => {
    const ignore = readText('.dockerignore')
      .split('\n')
      .map((l) => l.trim());
    for (const required of ['node_modules', 'dist', '.env']) {
      assert.ok(
        ignore.some((l) => l === required || l === `**/${required}` || l === `/${required}`),
        `.dockerignore does not exclude ${required}`,
      );
    }
  });
});

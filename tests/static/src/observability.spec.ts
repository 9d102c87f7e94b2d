import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { COMPOSE_FILE, ComposeService, ROOT, environmentOf, folders, loadCompose, readText } from './repo';

/**
 * The observability profile, checked without an engine: Prometheus scrapes every service where
 * compose runs it, Grafana reads that Prometheus, and the dashboard asks only for series the code
 * defines.
 */
const { compose } = loadCompose();
const services = compose.services ?? {};
const PROFILE = 'observability';

/** The files and folders of the repository a service mounts, host path → container path. */
function bindMounts(service: ComposeService): Map<string, string> {
  const mounts = new Map<string, string>();
  for (const volume of service.volumes ?? []) {
    const [source, target] = typeof volume === 'string' ? volume.split(':') : [volume.source, volume.target];
    if (source?.startsWith('./') && target) mounts.set(source.slice(2), target);
  }
  return mounts;
}

/** The repository file a container path is mounted from, through the service's bind mounts. */
function hostFile(service: ComposeService, containerPath: string): string {
  for (const [source, target] of bindMounts(service))
    if (containerPath === target || containerPath.startsWith(`${target}/`))
      return join(ROOT, source, containerPath.slice(target.length));
  throw new Error(`${containerPath} is not mounted from the repository`);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Every `name: 'parley_…'` a metric is made with in libs/ and services/. */
function definedSeries(): Set<string> {
  const names = new Set<string>();
  for (const group of ['libs', 'services'])
    for (const project of folders(group)) {
      const src = join(ROOT, group, project, 'src');
      if (!existsSync(src)) continue;
      for (const file of filesUnder(src).filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts')))
        for (const match of readFileSync(file, 'utf8').matchAll(/name: '(parley_[a-z0-9_]+)'/g))
          names.add(match[1]!);
    }
  return names;
}

interface Panel {
  title: string;
  datasource?: { uid?: string };
  targets?: { expr: string; datasource?: { uid?: string } }[];
}

describe(`${COMPOSE_FILE}, profile ${PROFILE}`, () => {
  const prometheus = services.prometheus;
  const grafana = services.grafana;

  it('runs Prometheus and Grafana under the profile only, each with what it mounts in the repository', () => {
    for (const [name, service] of [
      ['prometheus', prometheus],
      ['grafana', grafana],
    ] as const) {
      assert.ok(service, `no "${name}" service`);
      assert.deepEqual(service.profiles, [PROFILE], `${name} must be under profiles: [${PROFILE}] alone`);
      for (const source of bindMounts(service).keys())
        assert.ok(existsSync(join(ROOT, source)), `${name} mounts ${source}, which is not in the repository`);
    }
    assert.match(prometheus?.image ?? '', /^prom\/prometheus:/);
    assert.match(grafana?.image ?? '', /^grafana\/grafana:/);
  });

  it('scrapes GET /metrics of every service folder by its compose name and HTTP_PORT', () => {
    const configPath = /--config\.file=(\S+)/.exec([prometheus?.command ?? []].flat().join(' '));
    assert.ok(configPath, 'prometheus is not given --config.file');
    const config = parse(readFileSync(hostFile(prometheus!, configPath[1]!), 'utf8')) as {
      scrape_configs: { metrics_path?: string; static_configs: { targets: string[] }[] }[];
    };
    const targets = config.scrape_configs.flatMap((job) => {
      assert.equal(job.metrics_path ?? '/metrics', '/metrics');
      return job.static_configs.flatMap((c) => c.targets);
    });
    const expected = folders('services').map((name) => {
      const port = services[name] && environmentOf(services[name]).HTTP_PORT;
      assert.ok(port, `services/${name} has no HTTP_PORT in ${COMPOSE_FILE}`);
      return `${name}:${port}`;
    });
    assert.deepEqual([...targets].sort(), expected.sort());
  });

  const provisioning = grafana ? hostFile(grafana, '/etc/grafana/provisioning') : '';
  const datasources = grafana
    ? filesUnder(join(provisioning, 'datasources')).flatMap(
        (file) =>
          (parse(readFileSync(file, 'utf8')) as { datasources: { uid: string; type: string; url: string }[] })
            .datasources,
      )
    : [];

  it("gives Grafana the compose network's Prometheus as its data source", () => {
    const [source, ...more] = datasources;
    assert.equal(more.length, 0, 'one data source');
    assert.equal(source?.type, 'prometheus');
    assert.equal(source?.url, 'http://prometheus:9090');
  });

  it('provisions dashboards that query that data source, and only series the code defines', () => {
    const providers = filesUnder(join(provisioning, 'dashboards')).flatMap(
      (file) =>
        (parse(readFileSync(file, 'utf8')) as { providers: { options: { path: string } }[] }).providers,
    );
    const dashboards = providers.flatMap((p) =>
      filesUnder(hostFile(grafana!, p.options.path)).filter((f) => f.endsWith('.json')),
    );
    assert.ok(dashboards.length > 0, 'no dashboard is provisioned');
    const defined = definedSeries();
    const uids = new Set(datasources.map((d) => d.uid));
    for (const file of dashboards) {
      const { panels } = JSON.parse(readFileSync(file, 'utf8')) as { panels: Panel[] };
      assert.ok(panels.length > 0, `${file} has no panel`);
      for (const panel of panels) {
        assert.ok(uids.has(panel.datasource?.uid ?? ''), `${panel.title}: unknown data source`);
        assert.ok(panel.targets?.length, `${panel.title}: no query`);
        for (const { expr, datasource } of panel.targets) {
          assert.ok(uids.has(datasource?.uid ?? ''), `${panel.title}: a query of an unknown data source`);
          for (const [series] of expr.matchAll(/\bparley_[a-z0-9_]+/g)) {
            const family = series.replace(/_(bucket|sum|count)$/, '');
            assert.ok(
              defined.has(family),
              `${panel.title}: ${series} is defined nowhere in libs/ or services/`,
            );
          }
        }
      }
    }
  });

  it("lists every published port's variable in docs/running.md's table of ports", () => {
    const docs = readText('docs/running.md');
    for (const [name, service] of Object.entries(services))
      for (const port of (service.ports ?? []).map(String)) {
        const variable = /\$\{([A-Z_]+_PORT)/.exec(port)?.[1];
        assert.ok(variable, `${name}: ${port} has no port variable`);
        assert.match(
          docs,
          new RegExp(`\\|[^\\n]*\`${variable}\`[^\\n]*\\|`),
          `docs/running.md does not list ${variable}`,
        );
      }
  });
});

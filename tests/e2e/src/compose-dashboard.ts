import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';

/**
 * The Grafana dashboard's queries (deploy/grafana/dashboards/parley.json) against the Prometheus of
 * a running compose stack, for tests/compose/run.sh:
 *   check     <prometheus url> <dashboard json>   every panel's queries answer; the message panels show a chat moving
 *   graph-url <prometheus url> <dashboard json>   Prometheus's own graph page with a graph per panel, for a screenshot
 */
interface Dashboard {
  panels: { title: string; targets?: { expr: string; legendFormat?: string }[] }[];
}
interface Query {
  panel: string;
  expr: string;
}
interface VectorResult {
  status: string;
  error?: string;
  data: { result: { metric: Record<string, string>; value: [number, string] }[] };
}

/** Grafana's own variable, which Prometheus does not know: a window that holds several scrapes. */
const RATE_WINDOW = '1m';

async function queries(dashboardFile: string): Promise<Query[]> {
  const dashboard = JSON.parse(await readFile(dashboardFile, 'utf8')) as Dashboard;
  return dashboard.panels.flatMap((panel) =>
    (panel.targets ?? []).map((target) => ({
      panel: panel.title,
      expr: target.expr.replaceAll('$__rate_interval', RATE_WINDOW),
    })),
  );
}

async function instant(prometheus: string, expr: string): Promise<VectorResult['data']['result']> {
  const response = await fetch(`${prometheus}/api/v1/query?query=${encodeURIComponent(expr)}`);
  const body = (await response.json()) as VectorResult;
  if (body.status !== 'success') throw new Error(`Prometheus refused ${expr}: ${body.error}`);
  return body.data.result;
}

async function check(prometheus: string, dashboardFile: string): Promise<void> {
  const all = await queries(dashboardFile);
  assert.ok(all.length > 0, 'the dashboard has no queries');
  for (const { panel, expr } of all) {
    const result = await instant(prometheus, expr);
    const values = result.map((r) => Number(r.value[1]));
    console.log(
      `  ${panel}: ${result.length} series ${JSON.stringify(values.map((v) => +v.toPrecision(3)))}  ${expr}`,
    );
  }
  // A chat just happened: messages went through every step, and the services report themselves.
  for (const series of ['accepted', 'stored', 'delivered']) {
    const [rate] = await instant(prometheus, `sum(rate(parley_messages_${series}_total[${RATE_WINDOW}]))`);
    assert.ok(rate && Number(rate.value[1]) > 0, `the dashboard shows no messages ${series}`);
  }
  const services = await instant(prometheus, 'count by (service) (process_resident_memory_bytes)');
  assert.deepEqual(
    services.map((s) => s.metric.service).sort(),
    ['gateway', 'history', 'store', 'users'],
    'Prometheus does not scrape all four services',
  );
  console.log(`dashboard: ${all.length} queries answer; messages accepted, stored and delivered are moving`);
}

/**
 * The classic graph page's URL form, one graph per panel (its first query): g<i>.expr, g<i>.tab=0
 * (graph), g<i>.range_input. The page decodes with decodeURIComponent, so spaces must be %20, not
 * +; and it reads g10 as g1, so it holds ten graphs at most: the first ten panels.
 */
const GRAPHS_PER_PAGE = 10;

async function graphUrl(prometheus: string, dashboardFile: string): Promise<void> {
  const firstOfEach = (await queries(dashboardFile))
    .filter((query, i, all) => all.findIndex((other) => other.panel === query.panel) === i)
    .slice(0, GRAPHS_PER_PAGE);
  const params = firstOfEach.map(({ expr }, i) =>
    [`g${i}.expr=${encodeURIComponent(expr)}`, `g${i}.tab=0`, `g${i}.range_input=10m`].join('&'),
  );
  console.log(`${prometheus}/graph?${params.join('&')}`);
}

const [step, prometheus, dashboardFile] = process.argv.slice(2);
const steps: Record<string, () => Promise<void>> = {
  check: () => check(prometheus!, dashboardFile!),
  'graph-url': () => graphUrl(prometheus!, dashboardFile!),
};
const run = step && prometheus && dashboardFile ? steps[step] : undefined;
if (!run) {
  console.error('usage: compose-dashboard check|graph-url <prometheus url> <dashboard json>');
  process.exit(2);
}
run().catch((error: unknown) => {
  console.error(`compose-dashboard ${step}: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

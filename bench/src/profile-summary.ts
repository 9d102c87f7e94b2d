import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface HotSpot {
  /** function at file:line (1-based), paths relative to the repository. */
  where: string;
  selfMs: number;
  share: number;
}

export interface ProfileSummary {
  process: string;
  file: string;
  /** Busy time sampled (idle excluded). */
  busyMs: number;
  topFunctions: HotSpot[];
  /** Self time by npm package, Parley project or runtime bucket (GC, idle, native). */
  topAreas: HotSpot[];
}

const ROOT = resolve(__dirname, '../../..');

function area(url: string, functionName: string): string {
  if (!url) return `(${functionName || 'native'})`;
  const path = url.replace(/^file:\/\//, '');
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (pkg) return pkg[1]!;
  if (path.startsWith(ROOT))
    return path
      .slice(ROOT.length + 1)
      .split('/')
      .slice(0, 2)
      .join('/');
  return path.startsWith('node:') ? 'node core' : path;
}

function top(selfMs: Map<string, number>, total: number, n: number): HotSpot[] {
  return [...selfMs]
    .sort((x, y) => y[1] - x[1])
    .slice(0, n)
    .map(([where, ms]) => ({ where, selfMs: Math.round(ms), share: ms / total }));
}

/** Self time per function and per area, from the samples of a .cpuprofile (node --cpu-prof). */
export function summarizeProfile(file: string, processName: string): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  // Samples under cpu-profiler.js are the profiler stopping itself at exit, not the service's work.
  const own = new Set<number>();
  const mark = (id: number) => {
    own.add(id);
    for (const child of byId.get(id)?.children ?? []) mark(child);
  };
  for (const n of profile.nodes) if (n.callFrame.url.endsWith('/cpu-profiler.js')) mark(n.id);
  const perNode = new Map<number, number>();
  profile.samples.forEach((id, i) =>
    perNode.set(id, (perNode.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000),
  );
  const functions = new Map<string, number>();
  const areas = new Map<string, number>();
  let total = 0;
  for (const [id, ms] of perNode) {
    if (own.has(id)) continue;
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    // Waiting for I/O is not work; shares are of the time the process was busy.
    if (functionName === '(idle)') continue;
    const file = url.replace(/^file:\/\//, '').replace(`${ROOT}/`, '');
    const where = url
      ? `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`
      : `(${functionName || 'native'})`;
    functions.set(where, (functions.get(where) ?? 0) + ms);
    const a = area(url, functionName);
    areas.set(a, (areas.get(a) ?? 0) + ms);
    total += ms;
  }
  return {
    process: processName,
    file,
    busyMs: Math.round(total),
    topFunctions: top(functions, total, 15),
    topAreas: top(areas, total, 10),
  };
}

/** Summaries of every profile in `dir`, named by the process whose pid wrote it. */
export function summarizeProfiles(dir: string, processOfPid: Map<number, string>): ProfileSummary[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  } catch {
    return [];
  }
  // cpu-profiler.ts names them <pid>.cpuprofile
  return files.map((f) => summarizeProfile(join(dir, f), processOfPid.get(Number(f.split('.')[0])) ?? f));
}

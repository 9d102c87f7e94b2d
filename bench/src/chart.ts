export interface ChartPoint {
  offeredRate: number;
  p50: number;
  p99: number;
}

const W = 720;
const H = 420;
const M = { left: 70, right: 30, top: 40, bottom: 60 };

/** 1, 2, 5 × powers of ten covering [lo, hi]: readable ticks on a log axis. */
function logTicks(lo: number, hi: number): number[] {
  const ticks: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    for (const m of [1, 2, 5]) {
      const t = m * 10 ** e;
      if (t >= lo && t <= hi) ticks.push(t);
    }
  }
  return ticks;
}

const label = (v: number) => (v >= 1000 ? `${v / 1000}k` : String(v));

/**
 * Send-to-delivered latency (p50 and p99) against offered rate, both axes logarithmic because the
 * interesting part is where latency leaves the floor. Hand-written SVG: no plotting dependency.
 */
export function latencyChart(points: ChartPoint[], title: string): string {
  const usable = points.filter((p) => p.p50 > 0 && p.p99 > 0);
  const xs = usable.map((p) => p.offeredRate);
  const ys = usable.flatMap((p) => [p.p50, p.p99]);
  const xLo = Math.min(...xs, 100) / 1.2;
  const xHi = Math.max(...xs, 1000) * 1.2;
  const yLo = Math.min(...ys, 1) / 1.5;
  const yHi = Math.max(...ys, 10) * 1.5;
  const x = (v: number) =>
    M.left +
    ((Math.log10(v) - Math.log10(xLo)) / (Math.log10(xHi) - Math.log10(xLo))) * (W - M.left - M.right);
  const y = (v: number) =>
    H -
    M.bottom -
    ((Math.log10(v) - Math.log10(yLo)) / (Math.log10(yHi) - Math.log10(yLo))) * (H - M.top - M.bottom);
  const line = (key: 'p50' | 'p99', color: string) =>
    `<polyline fill="none" stroke="${color}" stroke-width="2" points="${usable.map((p) => `${x(p.offeredRate).toFixed(1)},${y(p[key]).toFixed(1)}`).join(' ')}"/>` +
    usable
      .map(
        (p) =>
          `<circle cx="${x(p.offeredRate).toFixed(1)}" cy="${y(p[key]).toFixed(1)}" r="3.5" fill="${color}"><title>${p.offeredRate}/s ${key} ${p[key].toFixed(2)} ms</title></circle>`,
      )
      .join('');
  const grid = [
    ...logTicks(xLo, xHi).map(
      (t) =>
        `<line x1="${x(t)}" x2="${x(t)}" y1="${M.top}" y2="${H - M.bottom}" stroke="#ddd"/>` +
        `<text x="${x(t)}" y="${H - M.bottom + 18}" text-anchor="middle">${label(t)}</text>`,
    ),
    ...logTicks(yLo, yHi).map(
      (t) =>
        `<line x1="${M.left}" x2="${W - M.right}" y1="${y(t)}" y2="${y(t)}" stroke="#ddd"/>` +
        `<text x="${M.left - 8}" y="${y(t) + 4}" text-anchor="end">${label(t)}</text>`,
    ),
  ].join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">
<rect width="${W}" height="${H}" fill="white"/>
<text x="${W / 2}" y="22" text-anchor="middle" font-size="15">${title}</text>
${grid}
<rect x="${M.left}" y="${M.top}" width="${W - M.left - M.right}" height="${H - M.top - M.bottom}" fill="none" stroke="#888"/>
${line('p50', '#1f77b4')}
${line('p99', '#d62728')}
<text x="${W / 2}" y="${H - 18}" text-anchor="middle">offered rate (messages/s, open loop, log scale)</text>
<text transform="translate(18 ${H / 2}) rotate(-90)" text-anchor="middle">send → delivered (ms, log scale)</text>
<g transform="translate(${M.left + 12} ${M.top + 14})">
<line x1="0" x2="20" y1="0" y2="0" stroke="#1f77b4" stroke-width="2"/><text x="26" y="4">p50</text>
<line x1="0" x2="20" y1="18" y2="18" stroke="#d62728" stroke-width="2"/><text x="26" y="22">p99</text>
</g>
</svg>
`;
}

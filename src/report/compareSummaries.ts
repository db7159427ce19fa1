/**
 * The data behind the comparison charts and the one sentence that says what each
 * chart shows, from the runs' results (baseline first).
 */
import type { PricesSpec } from '../scenarios/scenario.js';
import type { AddedLatencyBar } from './charts/addedLatencyChart.js';
import type { CostPanels } from './charts/costChart.js';
import { formatDelta, formatRelative, formatValue } from './compareFormat.js';
import { edgeKey, edgeKeys } from './compareRows.js';
import { monthlyUsd } from './costBlock.js';
import type { Results } from './results.js';

export const END_TO_END_HOP = 'end to end';

/** "a, b and c" */
function listing(parts: readonly string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1] ?? ''}`;
}

function addsOrSaves(seconds: number): string {
  if (seconds === 0) return 'adds nothing';
  return seconds > 0 ? `adds ${formatValue('seconds', seconds)}` : `saves ${formatValue('seconds', -seconds)}`;
}

/** The end-to-end CDF chart's sentence: the p50 and p99 each data plane adds. */
export function latencySummary(runs: readonly Results[]): string {
  const [base, ...others] = runs;
  if (!base) return '';
  const b = base.endToEnd.latency;
  const head = `With ${base.dataPlane}, half the requests finish within ${formatValue('seconds', b.p50)} and 99% within ${formatValue('seconds', b.p99)}.`;
  if (others.length === 0) return head;
  const parts = others.map((r) => {
    const l = r.endToEnd.latency;
    const d50 = l.p50 - b.p50;
    const d99 = l.p99 - b.p99;
    const rel = formatRelative(l.p99, b.p99);
    // "adds A at p50 and B at p99" reads well only when both go the same way.
    const p99 = Math.sign(d50) === Math.sign(d99) ? formatValue('seconds', Math.abs(d99)) : addsOrSaves(d99);
    return `${r.dataPlane} ${addsOrSaves(d50)} at p50 and ${p99} at p99${rel ? ` (${rel})` : ''}`;
  });
  return `${head} Against that, ${listing(parts)}.`;
}

/** Bars of the added-latency chart: end to end, then every edge, at p50 and p99, for each non-baseline run. */
export function addedLatencyBars(runs: readonly Results[]): { bars: AddedLatencyBar[]; hops: string[] } {
  const [base, ...others] = runs;
  if (!base) return { bars: [], hops: [] };
  const hops = [END_TO_END_HOP, ...edgeKeys(runs)];
  const latencyOf = (r: Results, hop: string) => {
    if (hop === END_TO_END_HOP) return r.endToEnd.latency;
    const e = r.edges.find((x) => edgeKey(x) === hop);
    return e && e.requests > e.failed ? e.latency : undefined;
  };
  const bars: AddedLatencyBar[] = [];
  for (const r of others) {
    for (const hop of hops) {
      const mine = latencyOf(r, hop);
      const theirs = latencyOf(base, hop);
      for (const percentile of ['p50', 'p99'] as const) {
        bars.push({ hop, dataPlane: r.dataPlane, percentile, deltaSeconds: mine && theirs ? mine[percentile] - theirs[percentile] : NaN });
      }
    }
  }
  return { bars, hops };
}

/** The added-latency chart's sentence: the typical per-edge p50 cost, and the edge that grows most at p99. */
export function addedLatencySummary(runs: readonly Results[]): string {
  const { bars } = addedLatencyBars(runs);
  const perEdge = bars.filter((b) => b.hop !== END_TO_END_HOP && Number.isFinite(b.deltaSeconds));
  if (perEdge.length === 0) return 'Only one data plane: nothing to compare per edge.';
  const parts = [...new Set(perEdge.map((b) => b.dataPlane))].map((d) => {
    const p50s = perEdge.filter((b) => b.dataPlane === d && b.percentile === 'p50').map((b) => b.deltaSeconds).sort((x, y) => x - y);
    const median = p50s[Math.floor((p50s.length - 1) / 2)] ?? 0;
    return `${d} ${formatDelta('seconds', median)}`;
  });
  const worst = perEdge.filter((b) => b.percentile === 'p99').reduce((w, b) => (b.deltaSeconds > w.deltaSeconds ? b : w));
  return (
    `Per edge, the median added p50 is ${listing(parts)} against ${runs[0]?.dataPlane ?? ''}; the largest p99 increase is ${worst.dataPlane} on ${worst.hop} ` +
    `(${formatDelta('seconds', worst.deltaSeconds)}). An edge's latency includes the calls its callee makes, so edges near the user add up the hops below them.`
  );
}

/** Apps vs data plane for vCPU, memory and USD/month (plus cross-zone transfer), priced at `prices`. */
export function costPanels(runs: readonly Results[], prices: PricesSpec): CostPanels {
  return {
    vcpu: runs.map((r) => ({ dataPlane: r.dataPlane, apps: r.cost.vcpu - r.cost.meshVcpu, mesh: r.cost.meshVcpu })),
    memoryGiB: runs.map((r) => ({ dataPlane: r.dataPlane, apps: r.cost.memoryGiB - r.cost.meshMemoryGiB, mesh: r.cost.meshMemoryGiB })),
    usdPerMonth: runs.map((r) => {
      // The cost block prices vCPU and memory hours plus cross-zone GiB (costBlock.ts): split along those lines.
      const c = r.cost;
      const apps = monthlyUsd(prices, c.vcpu - c.meshVcpu, c.memoryGiB - c.meshMemoryGiB, 0);
      const mesh = monthlyUsd(prices, c.meshVcpu, c.meshMemoryGiB, 0);
      return { dataPlane: r.dataPlane, apps, mesh, crossZone: Math.max(0, c.usdPerMonth - apps - mesh) };
    }),
  };
}

const PROXY_NAMES: Readonly<Record<string, string>> = {
  sidecar: 'sidecars',
  ztunnel: 'ztunnels',
  waypoint: 'waypoints',
  nodeEnvoy: 'node Envoys',
  kernel: 'eBPF node paths',
};

/** " (14 sidecars)": the proxy instances behind a data plane's cost, when the results list them. */
function instances(r: Results): string {
  const kinds = Object.entries(r.cost.proxies ?? {}).filter(([, p]) => p.count > 0);
  if (kinds.length === 0) return '';
  return ` (${listing(kinds.map(([k, p]) => `${p.count} ${PROXY_NAMES[k] ?? k}`))})`;
}

/** The cost chart's sentence: each data plane's proxies in vCPU, GiB and dollars over the baseline. */
export function costSummary(runs: readonly Results[]): string {
  const [base, ...others] = runs;
  if (!base) return '';
  const parts = runs
    .filter((r) => r.cost.meshVcpu > 0 || r.cost.meshMemoryGiB > 0)
    .map((r) => `${formatValue('vcpu', r.cost.meshVcpu)} and ${formatValue('gib', r.cost.meshMemoryGiB)} with ${r.dataPlane}${instances(r)}`);
  const proxies = parts.length > 0 ? `Proxies use ${listing(parts)}.` : 'No data plane here uses CPU or memory of its own.';
  if (others.length === 0) return proxies;
  const dollars = others.map((r) => `${r.dataPlane} ${formatDelta('usd', r.cost.usdPerMonth - base.cost.usdPerMonth)}`);
  return `${proxies} Per month, against ${base.dataPlane} at ${formatValue('usd', base.cost.usdPerMonth)}: ${listing(dollars)}.`;
}

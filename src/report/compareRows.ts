/**
 * What a data-plane comparison shows, as rows of numbers: each row one figure
 * (end-to-end p99, an edge's p50, mesh vCPU, …), one value per data plane and its
 * delta against the first (the baseline). The console table, the Markdown table and
 * the HTML report all render these rows, so they always agree.
 */
import type { Ci95, EstimateName } from '../statistics/intervals.js';
import type { EdgeResults, Results } from './results.js';

/** How a row's numbers read: seconds, a fraction, vCPU, GiB or US dollars per month. */
export type RowUnit = 'seconds' | 'fraction' | 'vcpu' | 'gib' | 'usd';

export type RowGroup = 'end to end' | 'per hop' | 'cost';

export interface ComparisonRow {
  readonly group: RowGroup;
  /** What the row measures, e.g. "p99" or "productpage → reviews p50". */
  readonly label: string;
  readonly unit: RowUnit;
  /** One per data plane, in the comparison's order; NaN where a run has no such figure (an edge it never used). */
  readonly values: readonly number[];
  /** value − baseline's value, per data plane (0 for the baseline itself; NaN when either is missing). */
  readonly deltas: readonly number[];
  /**
   * The 95% interval of each delta, paired by replication (intervals.ts,
   * pairedDeltaCi95); only on end-to-end rows of runs with two or more
   * replications, otherwise undefined.
   */
  readonly deltaCi95: ReadonlyArray<readonly [number, number] | undefined>;
}

/** An edge's identity across runs. */
export function edgeKey(e: Pick<EdgeResults, 'from' | 'to'>): string {
  return `${e.from} → ${e.to}`;
}

/**
 * Edges in the baseline's order (the results sort them by caller, then callee),
 * then any only other runs have, in their order. Edges no run sent a request on
 * are left out: they have nothing to compare.
 */
export function edgeKeys(runs: readonly Results[]): string[] {
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const r of runs) {
    for (const e of r.edges) {
      const k = edgeKey(e);
      if (e.requests === 0) continue;
      if (seen.has(k)) continue;
      seen.add(k);
      keys.push(k);
    }
  }
  return keys;
}

function row(group: RowGroup, label: string, unit: RowUnit, values: number[], deltaCi95: Array<[number, number] | undefined> = []): ComparisonRow {
  const base = values[0] as number;
  return { group, label, unit, values, deltas: values.map((v) => v - base), deltaCi95 };
}

/**
 * The rows of a comparison of `runs` (baseline first): end-to-end latency and
 * availability, each edge's p50 and p99 (an edge's latency is the caller's view
 * of the call, so it includes the callee's own calls), then the data plane's and
 * the whole mesh's vCPU and memory and the monthly price. `deltaCi95[i]` is run
 * i's paired delta intervals (compare.ts, deltaIntervals), shown on the end-to-end rows.
 */
export function comparisonRows(runs: readonly Results[], deltaCi95: ReadonlyArray<Ci95 | undefined> = []): ComparisonRow[] {
  const rows: ComparisonRow[] = [];
  const each = (f: (r: Results) => number): number[] => runs.map(f);
  const ci = (name: EstimateName): Array<[number, number] | undefined> => runs.map((_, i) => deltaCi95[i]?.[name]);
  for (const p of ['p50', 'p90', 'p99', 'mean'] as const) rows.push(row('end to end', p, 'seconds', each((r) => r.endToEnd.latency[p]), ci(p)));
  rows.push(row('end to end', 'availability', 'fraction', each((r) => r.endToEnd.availability ?? NaN), ci('availability')));

  const edgesByKey = runs.map((r) => new Map(r.edges.map((e) => [edgeKey(e), e])));
  for (const key of edgeKeys(runs)) {
    // A run whose edge saw no successful call has no latency to compare.
    const at = (p: 'p50' | 'p99') => edgesByKey.map((m) => {
      const e = m.get(key);
      return e && e.requests > e.failed ? e.latency[p] : NaN;
    });
    rows.push(row('per hop', `${key} p50`, 'seconds', at('p50')));
    rows.push(row('per hop', `${key} p99`, 'seconds', at('p99')));
  }

  rows.push(row('cost', 'mesh vCPU', 'vcpu', each((r) => r.cost.meshVcpu)));
  rows.push(row('cost', 'mesh memory', 'gib', each((r) => r.cost.meshMemoryGiB)));
  rows.push(row('cost', 'vCPU (apps + mesh)', 'vcpu', each((r) => r.cost.vcpu)));
  rows.push(row('cost', 'memory (apps + mesh)', 'gib', each((r) => r.cost.memoryGiB)));
  rows.push(row('cost', 'cross-zone GiB (measured window)', 'gib', each((r) => r.cost.crossZoneGiB)));
  rows.push(row('cost', '$/month', 'usd', each((r) => r.cost.usdPerMonth)));
  return rows;
}

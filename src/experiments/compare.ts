/**
 * `meshsim compare`: the same scenario once per data plane, with the same seed and
 * the same replications, so every run draws the same random numbers wherever the
 * data planes share a component — streams are named after their component
 * (docs/architecture.md, "Determinism"), so arrivals and service times match across data
 * planes (common random numbers: the deltas are paired, not two independent
 * samples). Replica picks and network draws come from whoever decides — kube-proxy
 * under `none`, the caller's proxy under a mesh — so those differ, and the pairing
 * is partial (see the compare test for how much it narrows the intervals).
 *
 * Each run is exactly what `meshsim run` would produce for the scenario with that
 * `dataPlane:` — the `none` run of a comparison is byte-identical, outside `run`,
 * to `meshsim run` of the scenario with `dataPlane: none` and the same seed.
 */
import type { MeshMetrics } from '../models/metrics/meshMetrics.js';
import { pairedDeltaCi95, type Ci95, type Estimates } from '../statistics/intervals.js';
import type { Results } from '../report/results.js';
import type { DataPlaneKind, Scenario } from '../scenarios/scenario.js';
import { POLICY_ONLY, POLICY_ONLY_MEANING, scenarioForPlane, type ComparedPlane } from '../scenarios/comparedPlane.js';
import { latencyCdf, type CdfPoint } from './latencyDistribution.js';
import { runScenario, type RunOptions, type RunProgress } from './runScenario.js';

/** Every data plane, in the order `compare` runs them by default (baseline first). */
export const ALL_DATA_PLANES: readonly DataPlaneKind[] = ['none', 'sidecar', 'ambient', 'ebpf'];

export const COMPARE_SCHEMA = 'meshsim.compare/v1';

export { POLICY_ONLY, type ComparedPlane } from '../scenarios/comparedPlane.js';


export interface CompareOptions {
  /** Data planes in report order; the first is the baseline deltas are taken against. */
  readonly dataPlanes: readonly ComparedPlane[];
  /** Passed to every run (seed, replications, workers, wall clock). */
  readonly run?: Omit<RunOptions, 'onMerged' | 'onProgress' | 'precision' | 'maxReplications'>;
  /** Told when a data plane's run starts (position from 0) … */
  readonly onStart?: (dataPlane: ComparedPlane, position: number) => void;
  /** … and how far it is after each replication. */
  readonly onProgress?: (dataPlane: ComparedPlane, position: number, p: RunProgress) => void;
}

/** One data plane's run. */
export interface DataPlaneRun {
  readonly dataPlane: ComparedPlane;
  /** The run results JSON, as `meshsim run` writes it (the policy-only run's `dataPlane` says `policy-only`). */
  readonly results: Results;
  /** Notices of the experiment (warm-up pilot not settled, …). */
  readonly notices: readonly string[];
  /** The model's warnings (policy this data plane does not enforce, …). */
  readonly warnings: readonly string[];
  /** End-to-end latency of successful requests as CDF points (charts only). */
  readonly latencyCdf: readonly CdfPoint[];
  /** Each replication's end-to-end figures, for the paired delta intervals. */
  readonly replicationEstimates: readonly Estimates[];
}

export interface Comparison {
  readonly scenario: Scenario;
  /** Master seed every run used. */
  readonly seed: number;
  /** In the order asked for; runs[0] is the baseline. */
  readonly runs: readonly DataPlaneRun[];
}

/** `--json`: docs/contract.md, "meshsim compare --json". */
export interface CompareJson {
  schema: typeof COMPARE_SCHEMA;
  /** Extension (README, "meshsim compare"): the run every delta is taken against (the first key of `dataPlanes`). */
  baseline: ComparedPlane;
  dataPlanes: Record<string, Results>;
  /**
   * Extension (README, "meshsim compare"): with two or more replications, the 95%
   * interval of each end-to-end figure's difference from the baseline, paired by
   * replication. Absent with one replication.
   */
  deltas?: Record<string, DeltaIntervals>;
}

export interface DeltaIntervals {
  /** The data plane the differences are taken against. */
  against: ComparedPlane;
  /** [lo, hi] of (this data plane − baseline) per figure, in its unit (seconds; availability a fraction). */
  ci95: Ci95;
}

/** The scenario as it would read with `dataPlane: kind` (nothing else changes). */
export function withDataPlane(scenario: Scenario, kind: DataPlaneKind): Scenario {
  return { ...scenario, dataPlane: kind };
}

/**
 * The baseline a comparison takes when none is asked for: the first data plane listed,
 * except that a `none` first on a scenario with Istio resources gives way to
 * policy-only — `none` enforces none of them (no routing, retries, timeouts,
 * authorization), so every delta against it would mix what the policies do with what
 * the proxies cost (issue 18: the sidecar looked faster and cheaper than `none` on
 * bookinfo with its samples).
 */
export function defaultBaseline(scenario: Scenario, dataPlanes: readonly DataPlaneKind[]): ComparedPlane {
  const first = dataPlanes[0] ?? 'none';
  return first === 'none' && scenario.istio.length > 0 ? POLICY_ONLY : first;
}

/** What a comparison runs, in order: the baseline first, then the data planes asked for (the baseline once). */
export function comparedPlanes(dataPlanes: readonly DataPlaneKind[], baseline: ComparedPlane): ComparedPlane[] {
  return [baseline, ...dataPlanes.filter((d) => d !== baseline)];
}

/**
 * What the reader of a comparison must know about its baseline: a `none` baseline
 * (asked for with `--baseline none`) on a scenario with Istio resources applies none
 * of them, the other data planes do.
 */
export function baselineCaveats(scenario: Scenario, planes: readonly ComparedPlane[]): string[] {
  const resources = scenario.istio.length;
  if (planes[0] !== 'none' || planes.length < 2 || resources === 0) return [];
  return [
    `the baseline \`none\` applies none of the scenario's ${resources} Istio resource(s), the other data planes do: each delta mixes the policies' effect (routing, retries, timeouts, authorization) with the data plane's cost. ` +
      `To see the cost alone, leave out --baseline none: the default baseline is then ${POLICY_ONLY} (${POLICY_ONLY_MEANING})`,
  ];
}

/** Runs `scenario` once per data plane, one after the other, all with the same seed and replications. */
export async function compareDataPlanes(scenario: Scenario, options: CompareOptions): Promise<Comparison> {
  if (options.dataPlanes.length === 0) throw new Error('compareDataPlanes: no data planes to compare');
  const seed = options.run?.seed ?? scenario.simulation.seed;
  const runOne = async (dataPlane: ComparedPlane, position: number): Promise<DataPlaneRun> => {
    let cdf: CdfPoint[] = [];
    options.onStart?.(dataPlane, position);
    const outcome = await runScenario(scenarioForPlane(scenario, dataPlane), {
      ...options.run,
      seed,
      onMerged: (m: MeshMetrics) => (cdf = latencyCdf(m.endToEnd.latency)),
      ...(options.onProgress && { onProgress: (p: RunProgress) => options.onProgress?.(dataPlane, position, p) }),
    });
    return {
      dataPlane,
      results: dataPlane === POLICY_ONLY ? { ...outcome.results, dataPlane } : outcome.results,
      notices: outcome.notices,
      warnings: outcome.warnings,
      latencyCdf: cdf,
      replicationEstimates: outcome.replicationEstimates,
    };
  };
  // On a queue (`run.runner`) every data plane at once: one at a time would leave all but
  // a run's replications' worth of a fleet idle. On this machine's threads one at a time,
  // since each run already uses every core. The runs are in the order asked either way.
  const runs: DataPlaneRun[] = [];
  if (options.run?.runner) runs.push(...(await Promise.all(options.dataPlanes.map(runOne))));
  else for (const [position, dataPlane] of options.dataPlanes.entries()) runs.push(await runOne(dataPlane, position));
  return { scenario, seed, runs };
}

/**
 * Per run, the paired 95% intervals of its end-to-end differences from the
 * baseline (runs[0]); undefined for the baseline itself and with one replication.
 */
export function deltaIntervals(c: Comparison): Array<Ci95 | undefined> {
  const baseline = c.runs[0];
  return c.runs.map((r, i) => (i === 0 || !baseline ? undefined : pairedDeltaCi95(baseline.replicationEstimates, r.replicationEstimates)));
}

/** The comparison as `--json` writes it: every run's results, keyed by data plane, in the order run, then the delta intervals. */
export function compareJson(c: Comparison): CompareJson {
  const dataPlanes: Record<string, Results> = {};
  for (const r of c.runs) dataPlanes[r.dataPlane] = r.results;
  const deltas: Record<string, DeltaIntervals> = {};
  const against = c.runs[0]?.dataPlane;
  deltaIntervals(c).forEach((ci95, i) => {
    if (ci95 && against) deltas[(c.runs[i] as DataPlaneRun).dataPlane] = { against, ci95 };
  });
  return { schema: COMPARE_SCHEMA, baseline: (c.runs[0] as DataPlaneRun).dataPlane, dataPlanes, ...(Object.keys(deltas).length > 0 && { deltas }) };
}

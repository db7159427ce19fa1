/**
 * Judging objectives (src/scenarios/slo.ts) against a run's results, with the
 * confidence interval when there is one: an objective *holds* only when its whole 95%
 * interval meets the threshold, is *violated* only when its whole interval misses it,
 * and is *undecided* in between — so noise is never reported as a verdict, and a
 * planner or checker knows when more replications would settle it.
 */
import type { EdgeResults, Results, StatsBlock } from '../report/results.js';
import type { EstimateName } from '../statistics/intervals.js';
import type { Slo } from '../scenarios/slo.js';

export type Verdict = 'holds' | 'violated' | 'undecided';

export interface SloJudgement {
  readonly slo: Slo;
  /**
   * holds / violated / undecided as above; `unjudgeable` when the run has no value
   * for the figure (no request reached the service in the measured window).
   */
  readonly verdict: Verdict | 'unjudgeable';
  /** The point estimate (seconds, fraction, or attempts per request); null when unjudgeable. */
  readonly estimate: number | null;
  /** The 95% interval the verdict rests on; absent when the run has none for this figure (one replication). */
  readonly interval?: readonly [number, number];
  /**
   * Headroom left, as a fraction of what the objective allows: for an upper bound
   * (threshold − estimate) / threshold; for an availability floor the share of the
   * error budget (1 − threshold) still unspent; for other lower bounds
   * (estimate − threshold) / threshold. Negative when the estimate misses. Null when unjudgeable.
   */
  readonly margin: number | null;
}

export interface SloReport {
  readonly judgements: ReadonlyArray<SloJudgement>;
  /** Every objective holds. */
  readonly holds: boolean;
  /** Some objective is violated. */
  readonly violated: boolean;
  /**
   * The objective with the least headroom among the judged ones — the one that binds
   * (what a planner reports); undefined when none could be judged.
   */
  readonly binding?: SloJudgement;
}

/** Judges each objective against `results`; see the file comment for the rule. */
export function judgeSlos(slos: ReadonlyArray<Slo>, results: Results): SloReport {
  const judgements = slos.map((s) => judgeSlo(s, results));
  let binding: SloJudgement | undefined;
  for (const j of judgements) if (j.margin !== null && (binding === undefined || j.margin < (binding.margin as number))) binding = j;
  return {
    judgements,
    holds: judgements.every((j) => j.verdict === 'holds'),
    violated: judgements.some((j) => j.verdict === 'violated'),
    ...(binding && { binding }),
  };
}

export function judgeSlo(slo: Slo, results: Results): SloJudgement {
  const figure = figureOf(slo, results);
  if (figure === undefined) return { slo, verdict: 'unjudgeable', estimate: null, margin: null };
  const { estimate, interval } = figure;
  const [lo, hi] = interval ?? [estimate, estimate];
  return {
    slo,
    verdict: verdictOf(slo, lo, hi),
    estimate,
    ...(interval && { interval }),
    margin: marginOf(slo, estimate),
  };
}

/** Whether the value `x` of the objective's figure meets its threshold. */
export function meetsObjective(slo: Slo, x: number): boolean {
  switch (slo.operator) {
    case '<':
      return x < slo.threshold;
    case '<=':
      return x <= slo.threshold;
    case '>':
      return x > slo.threshold;
    case '>=':
      return x >= slo.threshold;
  }
}

/** Meets at both ends → holds; misses at both ends → violated; otherwise undecided. */
function verdictOf(slo: Slo, lo: number, hi: number): Verdict {
  const atLo = meetsObjective(slo, lo);
  const atHi = meetsObjective(slo, hi);
  if (atLo && atHi) return 'holds';
  if (!atLo && !atHi) return 'violated';
  return 'undecided';
}

function marginOf(slo: Slo, estimate: number): number {
  const upper = slo.operator === '<' || slo.operator === '<=';
  if (upper) return slo.threshold > 0 ? (slo.threshold - estimate) / slo.threshold : -estimate;
  if (slo.metric === 'availability') {
    const budget = 1 - slo.threshold;
    return budget > 0 ? (estimate - slo.threshold) / budget : estimate - slo.threshold;
  }
  return slo.threshold > 0 ? (estimate - slo.threshold) / slo.threshold : estimate;
}

interface Figure {
  readonly estimate: number;
  readonly interval?: readonly [number, number];
}

function figureOf(slo: Slo, results: Results): Figure | undefined {
  if (slo.metric === 'retryAmplification') return amplificationOf(slo, results.edges);
  const block = slo.scope.kind === 'endToEnd' ? results.endToEnd : results.services[slo.scope.service];
  if (block === undefined || block.requests === 0) return undefined;
  const estimate = estimateOf(block, slo.metric);
  if (estimate === null || !Number.isFinite(estimate)) return undefined;
  const interval = block.ci95?.[slo.metric as EstimateName];
  return { estimate, ...(interval && { interval: [interval[0], interval[1]] as const }) };
}

function estimateOf(block: StatsBlock, metric: Exclude<Slo['metric'], 'retryAmplification'>): number | null {
  if (metric === 'availability') return block.availability;
  if (block.requests - block.failed === 0) return null; // latencies cover successful requests only
  return block.latency[metric];
}

/**
 * Attempts per request at the worst edge (into the service, for a service scope): what
 * a retry storm multiplies. No interval: edges carry no per-replication figures.
 */
function amplificationOf(slo: Slo, edges: ReadonlyArray<EdgeResults>): Figure | undefined {
  let worst: number | undefined;
  for (const e of edges) {
    if (e.requests === 0 || (slo.scope.kind === 'service' && e.to !== slo.scope.service)) continue;
    const a = e.attempts / e.requests;
    if (worst === undefined || a > worst) worst = a;
  }
  return worst === undefined ? undefined : { estimate: worst };
}

/**
 * `meshsim run`: replications (optionally on worker threads, optionally until a
 * precision target is met), an optional automatic warm-up, and the merge into one
 * results object with 95% confidence intervals.
 */
import { MeasurementWindow } from '../models/metrics/measurementWindow.js';
import { MeshMetrics, mergeMetrics } from '../models/metrics/meshMetrics.js';
import { meetsRelativePrecision } from '../statistics/confidenceInterval.js';
import { ci95Of, intervalsOf, type Ci95, type EstimateName, type Estimates } from '../statistics/intervals.js';
import { formatPath } from '../scenarios/inputError.js';
import { overloadFindings } from './offeredLoad.js';
import { buildResults, type ConfidenceInfo, type Results, type WarmupInfo } from '../report/results.js';
import type { Scenario } from '../scenarios/scenario.js';
import type { ScenarioFinding } from '../scenarios/scenarioCheck.js';
import { scenarioSha256 } from '../scenarios/scenarioHash.js';
import { MESHSIM_VERSION } from '../version.js';
import { chooseWarmup } from './autoWarmup.js';
import { decodeMeshMetrics } from './meshMetricsCodec.js';
import type { ReplicationReport } from './replication.js';
import { ReplicationPool } from './replicationPool.js';
import type { ReplicationRunnerFactory } from './replicationRunner.js';
import type { SampledTraces, TraceData, TracingOptions } from '../models/tracing/traceData.js';

/** What `onProgress` is told after each replication (and after the warm-up pilot). */
export interface RunProgress {
  readonly phase: 'pilot' | 'replications';
  /** Replications finished. */
  readonly done: number;
  /** Replications planned so far (grows under a precision target). */
  readonly planned: number;
  /** Simulated seconds finished, pilot included. */
  readonly simulatedSeconds: number;
}

export interface RunOptions {
  /** Master seed (default: the scenario's). */
  readonly seed?: number;
  /** Replications (default: the scenario's); the first round under a precision target. */
  readonly replications?: number;
  /** Threads for replications, this one included (default 1). Results do not depend on it. */
  readonly workers?: number;
  /**
   * Treat `workers` as a ceiling: start threads only when the first replication's
   * wall time says they pay off (needs wallClock). For the default `--workers`,
   * so short runs do not pay a worker's start-up; an explicit `--workers N` is exact.
   */
  readonly adaptiveWorkers?: boolean;
  /**
   * Runs the replications somewhere else than this machine's threads (a queue of
   * workers: src/distributed/); `workers` and `adaptiveWorkers` then do not apply.
   * Results do not depend on it.
   */
  readonly runner?: ReplicationRunnerFactory;
  /** Relative half-width to reach (0.02 for 2%) on the end-to-end availability, mean and p99. */
  readonly precision?: number;
  /** Cap on replications under a precision target (default DEFAULT_MAX_REPLICATIONS). */
  readonly maxReplications?: number;
  /** Wall-clock reader (seconds) for the `run` block only; the simulation never sees it. */
  readonly wallClock?: () => number;
  readonly onProgress?: (p: RunProgress) => void;
  /**
   * Tell onProgress about the replication this thread is running as it goes, not only
   * when it ends: it then runs in steps that yield to the event loop (so a signal
   * handler runs mid-replication). Results do not change.
   */
  readonly progressWithinReplications?: boolean;
  /**
   * Called with the merged metrics of all replications just before they are freed
   * (compare reads the end-to-end latency distribution here); must not keep them.
   */
  readonly onMerged?: (metrics: MeshMetrics) => void;
  /**
   * Trace a sample of each replication's measured requests (`maxSpans` caps the whole
   * run). Only on this machine's threads: a queue runner refuses it. Results do not change.
   */
  readonly tracing?: TracingOptions;
  /**
   * overloadFindings(scenario), when the caller has made them already (the CLI's
   * pre-run checks): the results' diagnostics, computed here otherwise. They depend on
   * services and traffic only, so an automatic warm-up does not change them.
   */
  readonly overloadFindings?: readonly ScenarioFinding[];
}

export interface RunOutcome {
  readonly results: Results;
  /** Things the user should know (precision cap reached, transient longer than the pilot can tell). */
  readonly notices: string[];
  /** The model's warnings, deduplicated over replications, in the order first seen. */
  readonly warnings: string[];
  /**
   * Each replication's end-to-end figures, in replication order: what the ci95
   * intervals were made from, and what `compare` pairs across data planes.
   */
  readonly replicationEstimates: readonly Estimates[];
  /** The sampled traces of every replication, in replication order, when traced. */
  readonly traces?: SampledTraces;
}

export const DEFAULT_MAX_REPLICATIONS = 100;
/** Under a precision target, the first round: five values give a usable first spread estimate (t₄ = 2.78). */
export const PRECISION_FIRST_ROUND = 5;
/** The figures a precision target applies to: the contract's ci95 trio. */
const PRECISION_FIGURES: ReadonlyArray<EstimateName> = ['availability', 'mean', 'p99'];

/**
 * How far the worst figure is from the target: max over figures of half-width ÷
 * (target × |mean|); ≤ 1 means met. Also the replication multiplier, squared: the
 * half-width shrinks as 1/√n (Law 2015, §9.4.1, "sequential procedure").
 */
function precisionGap(reports: ReadonlyArray<ReplicationSummary>, target: number): number {
  const intervals = intervalsOf(reports.map((r) => r.endToEnd), PRECISION_FIGURES);
  let worst = 0;
  for (const name of PRECISION_FIGURES) {
    const i = intervals[name];
    if (!i) return Infinity;
    if (meetsRelativePrecision(i, target)) worst = Math.max(worst, i.halfWidth === 0 ? 0 : i.halfWidth / (target * Math.abs(i.mean)));
    else worst = Math.max(worst, Math.abs(i.mean) > 0 ? i.halfWidth / (target * Math.abs(i.mean)) : Infinity);
  }
  return worst;
}

/** A report without its metrics (merged already) and trajectory (the pilot's business): what the intervals need. */
type ReplicationSummary = Omit<ReplicationReport, 'metrics' | 'inFlight' | 'inFlightBucket' | 'warnings'>;

function summarize(r: ReplicationReport): ReplicationSummary {
  return { index: r.index, seed: r.seed, events: r.events, requests: r.requests, endToEnd: r.endToEnd, services: r.services, batches: r.batches };
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
}

/** Runs the scenario's replications and merges them; pure in (scenario, seed, replications, precision) outside `run`. */
export async function runScenario(scenario: Scenario, options: RunOptions = {}): Promise<RunOutcome> {
  const seed = options.seed ?? scenario.simulation.seed;
  const clock = options.wallClock;
  const started = clock ? clock() : 0;
  const notices: string[] = [];
  const progress = options.onProgress ?? (() => {});
  let events = 0;
  let simulated = 0;

  let warmupAuto: WarmupInfo | undefined;
  let run = scenario;
  if (scenario.simulation.warmupAuto) {
    const choice = chooseWarmup(scenario, seed);
    events += choice.events;
    simulated += choice.pilotSeconds;
    warmupAuto = { chosen: choice.chosen, pilotSeconds: choice.pilotSeconds, settled: choice.settled };
    if (!choice.settled) {
      notices.push(
        `warmup auto: the transient may last longer than half the ${choice.pilotSeconds} s pilot (MSER-5 chose its search limit, ${choice.chosen} s); lengthen --duration`,
      );
    }
    run = { ...scenario, simulation: { ...scenario.simulation, warmup: choice.chosen } };
    progress({ phase: 'pilot', done: 0, planned: 0, simulatedSeconds: simulated });
  }

  const target = options.precision;
  const cap = Math.max(options.maxReplications ?? DEFAULT_MAX_REPLICATIONS, 2);
  let planned = options.replications ?? scenario.simulation.replications;
  if (target !== undefined) planned = Math.min(cap, Math.max(planned, PRECISION_FIRST_ROUND));
  const perReplication = run.simulation.warmup + run.simulation.duration;
  const { warmup, duration } = run.simulation;
  const window = new MeasurementWindow(warmup, warmup + duration);
  // The first replication's metrics become the merged ones (adopted, not copied into a
  // fresh set): a one-replication run then allocates and adds no second set of
  // histograms and per-second series, whose size grows with the mesh and the duration.
  let merged: MeshMetrics | undefined;
  // Reports merge in replication order as soon as their predecessors have, so memory
  // holds the merged metrics plus the few reports that finished early — not one set
  // of histograms per replication.
  const reports: ReplicationSummary[] = [];
  const warnings = new Set<string>();
  const early = new Map<number, ReplicationReport>();
  const tracing = options.tracing;
  const traces: TraceData[] = [];
  let spansHeld = 0;
  let tracesCapped = false;
  const accept = (report: ReplicationReport): void => {
    early.set(report.index, report);
    for (let r = early.get(reports.length); r; r = early.get(reports.length)) {
      early.delete(r.index);
      const m = r.metrics instanceof MeshMetrics ? r.metrics : decodeMeshMetrics(r.metrics, window);
      if (merged === undefined) merged = m;
      else mergeMetrics(merged, m);
      for (const w of r.warnings) warnings.add(w);
      if (tracing !== undefined && r.traces !== undefined) {
        // The cap holds over the run: replications in order, whole traces, until it is reached.
        for (const t of r.traces.traces) {
          if (tracesCapped || spansHeld + t.spans.length > tracing.maxSpans) {
            tracesCapped = true;
            break;
          }
          traces.push(t);
          spansHeld += t.spans.length;
        }
        tracesCapped ||= r.traces.capped;
      }
      events += r.events;
      reports.push(summarize(r));
    }
    simulated += perReplication;
    progress({ phase: 'replications', done: reports.length + early.size, planned, simulatedSeconds: simulated });
  };
  if (options.runner && tracing) throw new Error('tracing runs on this machine only (a queue runner does not carry traces)');
  const local = options.runner ? undefined : new ReplicationPool(run, seed, options.workers ?? 1, options.adaptiveWorkers ? clock : undefined);
  if (local !== undefined && tracing) local.tracing = tracing;
  // Progress within a replication comes from the local pool's main thread only (a queue's workers report at the end).
  if (local !== undefined && options.progressWithinReplications) {
    local.onStep = (_index, replicationClock) =>
      progress({ phase: 'replications', done: reports.length + early.size, planned, simulatedSeconds: simulated + Math.min(replicationClock, perReplication) });
  }
  const pool = local ?? (options.runner as NonNullable<typeof options.runner>)(run, seed);
  let met: boolean | undefined;
  try {
    for (;;) {
      await pool.run(range(reports.length, planned), accept);
      if (target === undefined) break;
      const gap = precisionGap(reports, target);
      met = gap <= 1;
      if (met || planned >= cap) break;
      planned = Math.min(cap, Math.max(planned + 1, Math.ceil(planned * gap * gap)));
    }
  } finally {
    await pool.close();
  }
  if (met === false) {
    notices.push(
      `--precision ${Number((target! * 100).toPrecision(6))}%: not met after ${reports.length} replications (the cap; raise it with --max-replications); ` +
        `the ci95 intervals show the precision reached`,
    );
  }

  const all = merged ?? new MeshMetrics(window);
  let confidence: ConfidenceInfo | undefined;
  let endToEnd: Ci95 | undefined;
  const services: Record<string, Ci95> = {};
  if (reports.length >= 2) {
    endToEnd = ci95Of(reports.map((r) => r.endToEnd));
    for (const s of run.services) {
      const samples = reports.map((r) => r.services[s.name] ?? {});
      const ci = ci95Of(samples);
      if (ci && Object.keys(ci).length > 0) services[s.name] = ci;
    }
    confidence = { level: 0.95, method: 'replications', samples: reports.length };
  } else if (reports[0] && reports[0].batches.availability.length >= 2) {
    // One long run: batch means of consecutive requests (availability and mean only),
    // the mean's batches cut over successful requests alone (batchMeans.ts).
    const b = reports[0].batches;
    endToEnd = { ...ci95Of(b.availability.map((availability) => ({ availability }))), ...ci95Of(b.mean.map((mean) => ({ mean }))) };
    confidence = { level: 0.95, method: 'batch-means', samples: b.availability.length, batchSize: b.size };
    if (run.faults.length > 0) {
      // A scheduled fault makes the run non-stationary: batches before, during and
      // after it estimate different things, and their spread is not the estimate's error.
      confidence.stationary = false;
      notices.push(
        'the scenario schedules faults, so one run is not stationary and its batch-means intervals do not measure the error of its figures; run --replications 2 or more for intervals that do',
      );
    }
  }
  if (confidence && target !== undefined) confidence.precision = { target, met: met === true, maxReplications: cap };

  const wallSeconds = clock ? Math.round((clock() - started) * 1000) / 1000 : 0;
  const results = buildResults({
    scenario: run,
    seed,
    replications: reports.length,
    metrics: all,
    run: { wallSeconds, events, workers: pool.threadsUsed },
    provenance: { meshsim: MESHSIM_VERSION, scenarioSha256: scenarioSha256(scenario) },
    ...(confidence && { intervals: { ...(endToEnd && { endToEnd }), services, confidence } }),
    ...(warmupAuto && { warmupAuto }),
    diagnostics: (options.overloadFindings ?? overloadFindings(run)).map((f) => ({ severity: 'warning', code: f.type.code, message: f.message, path: formatPath(f.path) })),
  });
  for (const [name, svc] of Object.entries(results.services)) {
    if (svc.saturated) {
      warnings.add(
        `service ${name}: utilization ${(svc.utilization * 100).toFixed(1)}% — offered load at or above its capacity, so its queue grows without settling (an unstable system: latencies grow with the duration and mean nothing steady); add replicas or concurrency, or lower the load`,
      );
    }
  }
  options.onMerged?.(all);
  return {
    results,
    notices,
    warnings: [...warnings],
    replicationEstimates: reports.map((r) => r.endToEnd),
    ...(tracing && { traces: { traces, capped: tracesCapped } }),
  };
}

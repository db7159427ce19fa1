/**
 * The results JSON (docs/contract.md, "Results JSON"): types and the builder that turns
 * raw run metrics into it. Everything outside `run` is a pure function of the
 * scenario and the seed; numbers are rounded to 9 significant digits so the file
 * reads well without losing anything a test or a person needs.
 */
import { REPORTED_PERCENTILES, type LatencyRecorder } from '../models/metrics/latencyRecorder.js';
import { VersionMetrics, type MeshMetrics, type RequestStats } from '../models/metrics/meshMetrics.js';
import type { Scenario } from '../scenarios/scenario.js';
import { costBlock, type CostResults } from './costBlock.js';
import { round } from '../statistics/significantDigits.js';
import type { Ci95 } from '../statistics/intervals.js';
import { failuresByCause, failuresByText, sorted } from './failureText.js';

export interface LatencySummary {
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
}

export interface StatsBlock {
  requests: number;
  failed: number;
  /** (requests − failed) / requests; null with no requests (there is no availability to speak of). */
  availability: number | null;
  latency: LatencySummary;
  /** Failed requests by reason (report/failureText.ts). */
  failures: Record<string, number>;
  /** Failed requests by cause (models/outcome.ts `Cause`: `queueFull`, `overflow`, `perTryTimeout`, …). */
  failuresByCause: Record<string, number>;
  /** Requests an AuthorizationPolicy denied, by the policy that decided (`namespace/name`). */
  failuresByPolicy: Record<string, number>;
}

export interface VersionResults extends StatsBlock {
  utilization: number;
  /** Requests the replicas answered 503 because their queue was full. */
  rejected: number;
  /** Outlier-detection ejections of these endpoints, summed over caller proxies. */
  ejections: number;
}

/**
 * Utilization at or above which a service with finite workers is reported saturated:
 * its workers were busy all the window, so the load offered was at least its capacity
 * and its queue grew instead of settling (an unstable queue: ρ ≥ 1).
 */
export const SATURATED_UTILIZATION = 0.99;

export interface ServiceResults extends VersionResults {
  /** Present (true) when utilization ≥ SATURATED_UTILIZATION: offered load at or above capacity. */
  saturated?: true;
  /** Retries callers' proxies made toward this service. */
  retries: number;
  /** Calls toward this service its callers' circuit breakers refused (503 UO). */
  overflow: number;
  versions?: Record<string, VersionResults>;
  /** 95% intervals over replications (absent with one replication). */
  ci95?: Ci95;
}

export interface EdgeResults extends StatsBlock {
  from: string;
  to: string;
  attempts: number;
  crossZone: number;
  /** Mirror copies sent along this edge (responses ignored). */
  mirrored: number;
  /** Tries the calling app stopped waiting on (its call's `timeout`); they still ran here. */
  appTimeouts: number;
  /** Retries the calling app made itself (its call's `retries`), counted in `requests`. */
  appRetries: number;
}

export interface EndToEndResults extends StatsBlock {
  /** `meanAllRequests`: mean latency of every answered request, failures included (s). */
  latency: LatencySummary & { meanAllRequests?: number };
  succeeded: number;
  /** Arrivals per second in the measured window. */
  rate: number;
  /** Time-averaged requests in flight (L in Little's law). */
  concurrency: number;
  /** 95% intervals: over replications, or over batch means of one run. */
  ci95?: Ci95;
}

/** How the ci95 blocks were made (see README, "Confidence intervals"). */
export interface ConfidenceInfo {
  level: 0.95;
  /** `replications`: one value per replication; `batch-means`: batches of consecutive requests of one run. */
  method: 'replications' | 'batch-means';
  /** Values each interval rests on (replications or batches). */
  samples: number;
  /** Requests per batch (batch-means only; the mean's batches count successful requests). */
  batchSize?: number;
  /**
   * false when one run's batches come from a run that is not stationary (it schedules
   * faults): its intervals do not measure the error of its figures; use replications.
   */
  stationary?: boolean;
  /** `--precision`: the relative half-width asked for, whether it was met, and the replication cap. */
  precision?: { target: number; met: boolean; maxReplications: number };
}

/** `warmup: auto`: what MSER-5 chose, from which pilot run. */
export interface WarmupInfo {
  /** Seconds discarded (also in `warmup`). */
  chosen: number;
  /** Seconds of the pilot run the choice rests on (warm-up 0, the scenario's duration, the master seed). */
  pilotSeconds: number;
  /** False when the transient may outlast half the pilot: lengthen the duration. */
  settled: boolean;
}

export type { CostResults } from './costBlock.js';

export interface RunInfo {
  wallSeconds: number;
  events: number;
  /** Worker threads used (machine-dependent, hence in `run`). */
  workers?: number;
}

/** What produced a result (README, "Results JSON: provenance"). */
export interface Provenance {
  /** meshsim's version. */
  meshsim: string;
  /** SHA-256 of the resolved scenario (scenarios/scenarioHash.ts): flags applied, Istio files read in, path left out. */
  scenarioSha256: string;
}

export interface Results {
  schema: 'meshsim.results/v1';
  scenario: string;
  seed: number;
  replications: number;
  duration: number;
  warmup: number;
  /** Present when the warm-up was chosen by `warmup: auto`. */
  warmupAuto?: WarmupInfo;
  dataPlane: string;
  endToEnd: EndToEndResults;
  services: Record<string, ServiceResults>;
  edges: EdgeResults[];
  cost: CostResults;
  /** Present when there are intervals. */
  confidence?: ConfidenceInfo;
  /**
   * Extension (README, "Overload"): what was found before the run that makes its
   * figures suspect — a service offered more work than its workers can do (MSH0016).
   * Present only when there is something.
   */
  diagnostics?: ResultsDiagnostic[];
  provenance: Provenance;
  run: RunInfo;
}

/** One finding about the scenario, as `validate --json` gives it, without the file position. */
export interface ResultsDiagnostic {
  severity: 'warning';
  /** Catalog code, e.g. MSH0016. */
  code: string;
  message: string;
  /** The scenario field it is about, e.g. services[0]. */
  path: string;
}

function latency(l: LatencyRecorder): LatencySummary {
  const [p50, p90, p99, p999] = l.percentiles(REPORTED_PERCENTILES) as [number, number, number, number];
  return { mean: round(l.mean), p50: round(p50), p90: round(p90), p99: round(p99), p999: round(p999), max: round(l.max) };
}

function stats(s: RequestStats): StatsBlock {
  return {
    requests: s.requests,
    failed: s.failed,
    availability: s.requests > 0 ? round((s.requests - s.failed) / s.requests) : null,
    latency: latency(s.latency),
    failures: failuresByText(s.failures),
    failuresByCause: failuresByCause(s.failures),
    failuresByPolicy: sorted(s.deniedBy),
  };
}

/**
 * Utilization: busy worker-seconds over worker capacity-seconds. For
 * `concurrency: unlimited` there is no capacity, so it is the mean number of
 * requests in service per replica instead (documented in the README).
 */
function utilization(v: VersionMetrics, measuredSeconds: number, replicas: number): number {
  if (measuredSeconds <= 0) return 0;
  if (Number.isFinite(v.workerCapacity)) return v.workerCapacity > 0 ? round(v.busyArea / (v.workerCapacity * measuredSeconds)) : 0;
  return replicas > 0 ? round(v.busyArea / (replicas * measuredSeconds)) : 0;
}

function version(v: VersionMetrics, measuredSeconds: number, replicas: number): VersionResults {
  // Object.assign rather than a spread: V8 gives every spread object a hidden class of its
  // own, and each of a large mesh's thousands of blocks then went through a slow lookup.
  return Object.assign(stats(v), { utilization: utilization(v, measuredSeconds, replicas), rejected: v.rejected, ejections: v.ejections });
}

export interface BuildResultsInput {
  readonly scenario: Scenario;
  readonly seed: number;
  readonly replications: number;
  readonly metrics: MeshMetrics;
  readonly run: RunInfo;
  readonly provenance: Provenance;
  /** Intervals to attach (endToEnd, by service), and how they were made. */
  readonly intervals?: { readonly endToEnd?: Ci95; readonly services?: Readonly<Record<string, Ci95>>; readonly confidence: ConfidenceInfo };
  readonly warmupAuto?: WarmupInfo;
  readonly diagnostics?: readonly ResultsDiagnostic[];
}

/** Assembles the results JSON from merged metrics. */
export function buildResults({ scenario, seed, replications, metrics, run, provenance, intervals, warmupAuto, diagnostics }: BuildResultsInput): Results {
  const measured = metrics.window.length * replications;
  const e2e = metrics.endToEnd;
  const endToEnd: EndToEndResults = {
    ...stats(e2e),
    succeeded: e2e.requests - e2e.failed,
    rate: measured > 0 ? round(e2e.requests / measured) : 0,
    concurrency: measured > 0 ? round(e2e.inFlight.area / measured) : 0,
  };
  // Keep stats() key order: requests, succeeded, failed, ...
  const orderedEndToEnd = {
    requests: endToEnd.requests,
    succeeded: endToEnd.succeeded,
    failed: endToEnd.failed,
    availability: endToEnd.availability,
    // meanAllRequests: over every answered request, failures included (latency.mean
    // is over successes only); the W of Little's law when requests fail.
    latency: { ...endToEnd.latency, meanAllRequests: e2e.answered > 0 ? round(e2e.answeredLatencySum / e2e.answered) : 0 },
    failures: endToEnd.failures,
    failuresByCause: endToEnd.failuresByCause,
    failuresByPolicy: endToEnd.failuresByPolicy,
    rate: endToEnd.rate,
    concurrency: endToEnd.concurrency,
    ...(intervals?.endToEnd && { ci95: intervals.endToEnd }),
  };

  const services: Record<string, ServiceResults> = {};
  for (const spec of scenario.services) {
    const sm = metrics.services.get(spec.name);
    if (!sm) continue;
    const present = spec.versions.filter((v) => sm.versions.has(v.name));
    const replicas = present.reduce((n, v) => n + v.replicaZones.length, 0);
    const total = serviceTotal(present.map((v) => sm.versions.get(v.name) as VersionMetrics));
    const served = version(total, measured, replicas);
    // An implicit version's block is not in the JSON: not built.
    const versions: Record<string, VersionResults> = {};
    if (!spec.implicitVersion) for (const v of present) versions[v.name] = version(sm.versions.get(v.name) as VersionMetrics, measured, v.replicaZones.length);
    // Object.assign, not a spread, for the reason version() gives; the same keys in the same order.
    services[spec.name] = Object.assign(
      served,
      { retries: sm.retries, overflow: sm.overflow },
      Number.isFinite(total.workerCapacity) && served.utilization >= SATURATED_UTILIZATION ? { saturated: true } : {},
      spec.implicitVersion ? {} : { versions },
      intervals?.services?.[spec.name] !== undefined ? { ci95: intervals.services[spec.name] } : {},
    );
  }

  const edges: EdgeResults[] = [...metrics.edges.values()]
    .sort((a, b) => (a.from === b.from ? cmp(a.to, b.to) : cmp(a.from, b.from)))
    .map((e) => {
      const s = stats(e);
      return {
        from: e.from,
        to: e.to,
        requests: s.requests,
        attempts: e.attempts,
        failed: s.failed,
        availability: s.availability,
        crossZone: e.attempts > 0 ? round(e.crossZoneAttempts / e.attempts) : 0,
        mirrored: e.mirrored,
        appTimeouts: e.appTimeouts,
        appRetries: e.appRetries,
        latency: s.latency,
        failures: s.failures,
        failuresByCause: s.failuresByCause,
        failuresByPolicy: s.failuresByPolicy,
      };
    });

  return {
    schema: 'meshsim.results/v1',
    scenario: scenario.name,
    seed,
    replications,
    duration: scenario.simulation.duration,
    warmup: scenario.simulation.warmup,
    ...(warmupAuto && { warmupAuto }),
    dataPlane: scenario.dataPlane,
    endToEnd: orderedEndToEnd,
    services,
    edges,
    cost: costBlock(metrics, scenario, replications, round),
    ...(intervals && { confidence: intervals.confidence }),
    ...(diagnostics !== undefined && diagnostics.length > 0 && { diagnostics: [...diagnostics] }),
    provenance,
    run,
  };
}

/**
 * A service's versions summed. One version is its own total (the sum of one adds each
 * field to zero, which changes nothing), and is taken as it is: a mesh of thousands of
 * one-version services then builds no second set of metrics per service.
 */
function serviceTotal(versions: readonly VersionMetrics[]): VersionMetrics {
  if (versions.length === 1) return versions[0] as VersionMetrics;
  const total = new VersionMetrics();
  for (const vm of versions) {
    total.requests += vm.requests;
    total.failed += vm.failed;
    for (const [k, n] of Object.entries(vm.failures)) total.failures[k] = (total.failures[k] ?? 0) + n;
    for (const [k, n] of Object.entries(vm.deniedBy)) total.deniedBy[k] = (total.deniedBy[k] ?? 0) + n;
    total.latency.add(vm.latency);
    total.rejected += vm.rejected;
    total.busyArea += vm.busyArea;
    total.workerCapacity += vm.workerCapacity;
    total.ejections += vm.ejections;
  }
  return total;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

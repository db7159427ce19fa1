import { BatchMeans } from './batchMeans.js';
import { LatencyRecorder } from './latencyRecorder.js';
import { LevelSeries } from './levelSeries.js';
import { mergeFields } from './metricFields.js';
import { PerSecondSeries } from './perSecondSeries.js';
import type { MeasurementWindow } from './measurementWindow.js';
import { TimeWeightedLevel } from './timeWeightedLevel.js';
import { outcomeKey, type Outcome } from '../outcome.js';

/**
 * Failures counted by outcome key (models/outcome.ts `outcomeKey`: cause, flags and
 * status as one integer), so recording builds no text; report/ names each key.
 */
export type FailureCounts = Record<string, number>;

/** Denials by the AuthorizationPolicy that decided ("default/deny-writes" → 40). */
export type PolicyCounts = Record<string, number>;

/** The key of a denial no single policy decided (no ALLOW policy matched). */
export const NO_DECIDING_POLICY = '(no ALLOW policy matched)';

/** What one population of requests did inside the window. */
export class RequestStats {
  requests = 0;
  failed = 0;
  readonly failures: FailureCounts = {};
  /** Failed requests an AuthorizationPolicy denied, by the deciding policy. */
  readonly deniedBy: PolicyCounts = {};
  /** Latency of successful requests. */
  readonly latency = new LatencyRecorder();

  /** Records one finished request that began in the window. */
  record(outcome: Outcome, success: boolean, latencySeconds: number): void {
    this.requests++;
    if (success) this.latency.record(latencySeconds);
    else {
      this.failed++;
      const key = outcomeKey(outcome);
      this.failures[key] = (this.failures[key] ?? 0) + 1;
      const authz = outcome.detail?.authz;
      if (authz !== undefined) {
        const policy = authz.policy ?? NO_DECIDING_POLICY;
        this.deniedBy[policy] = (this.deniedBy[policy] ?? 0) + 1;
      }
    }
  }
}

/** The inbound side of one version of a service (all its replicas). */
export class VersionMetrics extends RequestStats {
  static readonly levels: ReadonlyArray<keyof VersionMetrics> = ['workerCapacity'];
  /** Requests answered 503 because the replica queue was full. */
  rejected = 0;
  /** ∫ busy workers dt over the window, summed over replicas. */
  busyArea = 0;
  /** Total worker capacity of the version (Infinity when unlimited). */
  workerCapacity = 0;
  /** Outlier ejections of this version's endpoints, by any caller proxy. */
  ejections = 0;
  /** Ejections outlier detection wanted but maxEjectionPercent refused. */
  ejectionsRefused = 0;
  /** CPU seconds of the app's own work (serviceTime) for measured requests. */
  cpuSeconds = 0;
}

/** The inbound side of a service. */
export class ServiceMetrics {
  readonly versions = new Map<string, VersionMetrics>();
  /** Retries callers' proxies made toward this service. */
  retries = 0;
  /** Calls toward this service refused by a caller proxy's circuit breaker (503 UO). */
  overflow = 0;
}

/** Caller → callee, as the caller saw it. */
export class EdgeMetrics extends RequestStats {
  attempts = 0;
  crossZoneAttempts = 0;
  /** Mirror copies sent along this edge (their responses are ignored). */
  mirrored = 0;
  /** Tries the calling app stopped waiting on (its call step's `timeout`); each still ran to its end here. */
  appTimeouts = 0;
  /** Retries the calling app made itself (its call step's `retries`); each is one more of `requests`. */
  appRetries = 0;

  constructor(
    readonly from: string,
    readonly to: string,
  ) {
    super();
  }
}

/** What the traffic sources saw. */
export class EndToEndMetrics extends RequestStats {
  /** Requests in flight, for Little's law (L = λW). */
  readonly inFlight: TimeWeightedLevel;
  /** Batches of consecutive requests, for confidence intervals from one long run. */
  readonly batches = new BatchMeans();
  /** Requests, failures and latency by the second they began in: the run's timeline. */
  readonly perSecond: PerSecondSeries;

  constructor(window: MeasurementWindow) {
    super();
    this.inFlight = new TimeWeightedLevel(window, new LevelSeries(window, IN_FLIGHT_BUCKETS));
    this.perSecond = new PerSecondSeries(window);
  }

  /** Requests answered in the window, successes and failures (not those unfinished at the end). */
  answered = 0;
  /** Their latencies' sum (s): the all-requests mean, W in Little's law when requests fail. */
  answeredLatencySum = 0;

  override record(outcome: Outcome, success: boolean, latencySeconds: number): void {
    super.record(outcome, success, latencySeconds);
    this.batches.add(success, latencySeconds);
    if (outcome.cause !== 'unfinished') {
      this.answered++;
      this.answeredLatencySum += latencySeconds;
    }
  }
}

/** Buckets of the in-flight trajectory: MSER-5 then sees 200 points, each 0.5% of the window. */
export const IN_FLIGHT_BUCKETS = 1000;

/**
 * What the run consumed in the measured window, for the cost block: CPU seconds of the
 * data plane's proxies (the apps' own are VersionMetrics.cpuSeconds), memory held (app replicas and
 * proxy instances; a level, not summed over replications), bytes that crossed zones.
 */
export class CostMetrics {
  static readonly levels: ReadonlyArray<keyof CostMetrics> = ['appMemoryBytes', 'meshMemoryBytes', 'proxies', 'proxyMemoryBytes'];
  meshCpuSeconds = 0;
  /** Bytes; the same every replication (a level: merging keeps the last). */
  appMemoryBytes = 0;
  meshMemoryBytes = 0;
  crossZoneBytes = 0;
  /** Data-plane proxy instances by kind ("sidecar" → 12). */
  readonly proxies: Record<string, number> = {};
  /** CPU seconds by proxy kind (their sum is meshCpuSeconds). */
  readonly proxyCpuSeconds: Record<string, number> = {};
  /** Memory bytes by proxy kind (their sum is meshMemoryBytes). */
  readonly proxyMemoryBytes: Record<string, number> = {};
}

/** Everything a run measured; merged across replications by the experiment. */
export class MeshMetrics {
  readonly endToEnd: EndToEndMetrics;
  readonly cost = new CostMetrics();
  readonly services = new Map<string, ServiceMetrics>();
  /** Keyed "from→to". */
  readonly edges = new Map<string, EdgeMetrics>();

  constructor(readonly window: MeasurementWindow) {
    this.endToEnd = new EndToEndMetrics(window);
  }

  service(name: string): ServiceMetrics {
    let s = this.services.get(name);
    if (!s) {
      s = new ServiceMetrics();
      this.services.set(name, s);
    }
    return s;
  }

  version(service: string, version: string): VersionMetrics {
    const s = this.service(service);
    let v = s.versions.get(version);
    if (!v) {
      v = new VersionMetrics();
      s.versions.set(version, v);
    }
    return v;
  }

  edge(from: string, to: string): EdgeMetrics {
    const key = `${from}→${to}`;
    let e = this.edges.get(key);
    if (!e) {
      e = new EdgeMetrics(from, to);
      this.edges.set(key, e);
    }
    return e;
  }
}

/**
 * Merges replications: every field of every metrics object by its kind
 * (metricFields.ts) — counts, histograms and time integrals add, so rates and
 * utilizations divide by the total measured time (replications × window length);
 * levels keep the last replication's value.
 */
export function mergeMetrics(into: MeshMetrics, from: MeshMetrics): void {
  mergeFields(into.endToEnd, from.endToEnd);
  mergeFields(into.cost, from.cost);
  for (const [name, service] of from.services) {
    mergeFields(into.service(name), service);
    for (const [vname, v] of service.versions) mergeFields(into.version(name, vname), v);
  }
  for (const e of from.edges.values()) mergeFields(into.edge(e.from, e.to), e);
}

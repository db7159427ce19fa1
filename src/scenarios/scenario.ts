/**
 * The typed scenario the simulator consumes, after parsing and validation.
 *
 * Everything here is resolved: durations and times are seconds (float64), rates are
 * requests per second, replica placement is explicit per replica, defaults are
 * filled in. The raw YAML form is described by the schema in scenarioSchema.ts and
 * turned into this by resolveScenario.ts; nothing downstream sees raw YAML.
 */
import type { IstioResource } from '../policy/manifest.js';
import type { CheckSpec } from './checkSpec.js';
import type { Slo } from './slo.js';

export type DataPlaneKind = 'none' | 'sidecar' | 'ebpf' | 'ambient';

/** The Kubernetes namespace every simulated workload lives in (one namespace for now). */
export const MESH_NAMESPACE = 'default';

/** A distribution of a duration (seconds) — see src/sim/distributions.ts. */
export type DistributionSpec =
  | { readonly dist: 'constant'; readonly value: number }
  | { readonly dist: 'exponential'; readonly mean: number }
  | { readonly dist: 'lognormal'; readonly median: number; readonly p99: number }
  | { readonly dist: 'gamma'; readonly mean: number; readonly cv: number }
  /** Percentile points, q in (0,1) ascending, value in seconds non-decreasing. */
  | { readonly dist: 'empirical'; readonly points: ReadonlyArray<{ readonly q: number; readonly value: number }> }
  | { readonly dist: 'mixture'; readonly of: ReadonlyArray<{ readonly weight: number; readonly dist: DistributionSpec }> };

export interface ZoneSpec {
  readonly name: string;
  readonly region: string;
}

/** One-way network delay between two workloads, by where they sit. */
export interface NetworkSpec {
  readonly sameZone: DistributionSpec;
  readonly crossZone: DistributionSpec;
  readonly crossRegion: DistributionSpec;
  /** Extra time to set up an mTLS connection beyond the TCP round trip (default 0). */
  readonly mtlsHandshake: DistributionSpec;
}

/** One call the app makes while holding its worker. */
export interface CallSpec {
  readonly kind: 'call';
  readonly service: string;
  /** That many identical calls, issued together (a fan-out); 1 by default. */
  readonly count: number;
  /** Fraction of requests that make this call; 1 by default. */
  readonly probability: number;
  /** HTTP method and path of the call, for VirtualService matches and authorization (GET, / by default). */
  readonly method: string;
  readonly path: string;
  /** Request body and headers on the wire, bytes (default 1 KiB). */
  readonly requestSize: number;
  /** Seconds the app waits on each try before it gives up on it (absent: it waits as long as it takes). */
  readonly timeout?: number;
  /** The app's own retries of a try that failed or timed out (absent: none). */
  readonly retries?: AppRetrySpec;
}

/**
 * An app's client retries on one call: after try k fails (k = 1, 2, …) it waits
 * min(maxBackoff, backoff · 2^(k−1)) — all of it (`jitter: none`), or a uniform draw
 * below it (`full`, AWS's "full jitter") — then tries again, `attempts` times at most.
 */
export interface AppRetrySpec {
  readonly attempts: number;
  /** Seconds before the first retry (0: at once). */
  readonly backoff: number;
  /** Seconds: the longest wait (default 10 × backoff, Envoy's ratio). */
  readonly maxBackoff: number;
  readonly jitter: 'none' | 'full';
}

/** Calls issued together; the step ends when all of them have returned. */
export interface ParallelSpec {
  readonly kind: 'parallel';
  readonly calls: ReadonlyArray<CallSpec>;
}

export type CallStepSpec = CallSpec | ParallelSpec;

/** Sentinel for `concurrency: unlimited` and an absent `queueLimit`. */
export const UNLIMITED = Number.POSITIVE_INFINITY;

/** One deployment of a service: label version=<name>. */
export interface VersionSpec {
  readonly name: string;
  /** The zone of each replica, in order; its length is the replica count. */
  readonly replicaZones: ReadonlyArray<string>;
  /** Requests one replica serves at once (UNLIMITED allowed). */
  readonly concurrency: number;
  /** Waiting requests per replica beyond which it answers 503 (UNLIMITED allowed). */
  readonly queueLimit: number;
  readonly serviceTime: DistributionSpec;
  /** Fraction of requests the app itself fails with 500. */
  readonly errorRate: number;
  readonly calls: ReadonlyArray<CallStepSpec>;
  /** Whether the app stops work when its caller gives up (default false). */
  readonly cancellation: boolean;
  /** Response size on the wire, bytes (default 1 KiB). */
  readonly responseSize: number;
  /** Memory one replica's app uses, bytes (default 0: the app's own memory is not priced unless stated). */
  readonly memory: number;
}

export interface ServiceSpec {
  readonly name: string;
  /** True when the file gave no `versions`: one version, named "default", not reported per version. */
  readonly implicitVersion: boolean;
  readonly versions: ReadonlyArray<VersionSpec>;
}

/** Piecewise-constant arrival rate: from `at` (seconds) on, `rate` requests/s. */
export interface RateStep {
  readonly at: number;
  readonly rate: number;
}

export interface TrafficSpec {
  /** The callers' name in `edges` (default "client"). */
  readonly name: string;
  readonly to: string;
  /** Sorted by `at`; the first step starts at 0. */
  readonly rate: ReadonlyArray<RateStep>;
  readonly arrivals: 'poisson' | 'constant';
  readonly zone: string;
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string>>;
  /** Caller replicas, each with its own proxy (default 1); arrivals are spread uniformly over them. */
  readonly replicas: number;
  /** HTTP method and path of the requests (GET, / by default). */
  readonly method: string;
  readonly path: string;
  /** Request size on the wire, bytes (default 1 KiB). */
  readonly requestSize: number;
  /** SPIFFE trust domain of the callers' identity (default cluster.local, the mesh's). */
  readonly trustDomain: string;
}

/** The trust domain of every workload unless the scenario says otherwise (Istio's default). */
export const DEFAULT_TRUST_DOMAIN = 'cluster.local';

interface FaultWindow {
  /** Seconds from the start of the run (warm-up included). */
  readonly at: number;
  /** Seconds; Infinity = until the end of the run. */
  readonly for: number;
}

/** Which replicas of a service a fault hits: a version (or all), and how many of them (the first N). */
export interface ReplicaTarget {
  readonly service: string;
  readonly version?: string;
  /** How many of the matching replicas, counted in declaration order; undefined = all. */
  readonly replicas?: number;
}

export type FaultSpec =
  | (FaultWindow & { readonly kind: 'crash' } & ReplicaTarget)
  | (FaultWindow & { readonly kind: 'zone-outage'; readonly zone: string })
  | (FaultWindow & { readonly kind: 'partition'; readonly between: readonly [string, string] })
  | (FaultWindow & { readonly kind: 'slowdown'; readonly factor: number } & ReplicaTarget)
  | (FaultWindow & { readonly kind: 'errors'; readonly rate: number } & ReplicaTarget);

export interface SimulationSpec {
  /** Measured simulated time per replication, seconds. */
  readonly duration: number;
  /** Simulated time discarded before measuring, seconds (0 until chosen when warmupAuto). */
  readonly warmup: number;
  /** `warmup: auto`: the experiment chooses the warm-up (MSER-5 on a pilot run). */
  readonly warmupAuto?: boolean;
  readonly seed: number;
  readonly replications: number;
}

/**
 * One kind of proxy's cost (src/models/dataPlane/proxyCosts.ts has the defaults and
 * their sources). Times are CPU seconds on one of the proxy's worker threads.
 */
export interface ProxyCostSpec {
  /** Worker threads (Envoy --concurrency, ztunnel workers). */
  readonly workers: number;
  /** CPU per pass of a request or a response through the proxy, on the request's path. */
  readonly passCpu: DistributionSpec;
  /** CPU per KiB of the message passed (TLS record crypto, copying). */
  readonly cpuPerKiB: number;
  /** CPU per request after the response is sent (telemetry): delays the worker's next request, not this one. */
  readonly offPathCpu: number;
  /** Latency per pass that uses no proxy CPU (redirection, loopback hop), seconds. */
  readonly passLatency: number;
  /** CPU of a full mTLS handshake at this endpoint, per new connection. */
  readonly handshakeCpu: number;
  /** Resident memory per proxy instance, bytes. */
  readonly memory: number;
}

export interface DataPlanesSpec {
  readonly sidecar: ProxyCostSpec;
  /** Ambient: per-node L4 proxy. */
  readonly ztunnel: ProxyCostSpec;
  /** Ambient: L7 proxy for a service or namespace. */
  readonly waypoint: ProxyCostSpec;
  /** eBPF (Cilium-style): the per-node Envoy that handles L7. */
  readonly nodeEnvoy: ProxyCostSpec;
  /** eBPF: the in-kernel L4 path, per pass (no queue: kernel work runs on the sending CPU). */
  readonly kernel: ProxyCostSpec;
  /** Ambient: where waypoints are deployed for services that need L7 ('none': never, so L7 policy is not enforced). */
  readonly waypoints: 'per-namespace' | 'per-service' | 'none';
}

export interface PlacementSpec {
  /** Pods (replicas) per node, per zone: nodes are filled in declaration order. */
  readonly podsPerNode: number;
}

/** How fast the cluster notices replicas that are gone or back (seconds; Infinity = never). */
export interface ControlPlaneSpec {
  /** A crashed replica (its process died) leaves its service's endpoints after this long. */
  readonly crashedEndpointRemoval: number;
  /** A replica whose node is gone (zone outage) leaves after this long (the node-monitor grace period). */
  readonly nodeFailureEndpointRemoval: number;
  /** A recovered replica is an endpoint again after this long (readiness). */
  readonly recoveredEndpointReady: number;
}

export interface PricesSpec {
  /** USD per vCPU-hour. */
  readonly vcpuHour: number;
  /** USD per GiB-hour of memory. */
  readonly gibHour: number;
  /** USD per GiB crossing zones (sender and receiver sides together). */
  readonly crossZonePerGiB: number;
}

export interface Scenario {
  readonly name: string;
  /** The scenario file's path as given (for messages). */
  readonly file: string;
  readonly simulation: SimulationSpec;
  readonly dataPlane: DataPlaneKind;
  readonly zones: ReadonlyArray<ZoneSpec>;
  readonly network: NetworkSpec;
  readonly services: ReadonlyArray<ServiceSpec>;
  readonly traffic: ReadonlyArray<TrafficSpec>;
  readonly faults: ReadonlyArray<FaultSpec>;
  /** Istio resources from the scenario file's extra documents and `istio:` files, in order. */
  readonly istio: ReadonlyArray<IstioResource>;
  readonly dataPlanes: DataPlanesSpec;
  readonly placement: PlacementSpec;
  readonly prices: PricesSpec;
  readonly controlPlane: ControlPlaneSpec;
  /** Service-level objectives (`slo:`), what `plan` meets and `check` judges unless flags replace them. */
  readonly slo: ReadonlyArray<Slo>;
  /** `check:`: the fault and load space `meshsim check` explores, and its properties. */
  readonly check?: CheckSpec;
}

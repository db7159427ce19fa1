import type { DestinationPolicy } from '../../policy/destinationRule.js';
import { idRange, type Endpoint } from '../../policy/endpoint.js';
import { createLoadBalancer } from '../../policy/loadBalancing/createLoadBalancer.js';
import type { ClusterLoadBalancer } from '../../policy/loadBalancing/clusterLoadBalancer.js';
import type { RandomSource } from '../../policy/randomSource.js';
import { OutlierDetector, type EjectionEvent, type EjectionResult } from '../../policy/outlierDetector.js';
import type { AttemptOutcome } from '../../policy/attemptOutcome.js';
import type { ConnectionOutcome } from '../../policy/mtlsOutcome.js';
import type { Simulator } from '../../sim/simulator.js';
import type { TimeoutLane } from '../../sim/timeoutLane.js';
import type { Replica } from '../replica.js';
import type { ServiceRuntime } from '../serviceRuntime.js';
import type { EndpointRegistry } from '../endpointRegistry.js';
import type { WorkloadIdentity } from '../workload.js';
import { ConnectionPool } from './connectionPool.js';
import type { SidecarProxy } from './sidecarProxy.js';

/**
 * What one caller proxy knows and counts about one upstream cluster (a service, or a
 * subset of it): its endpoints, the load balancer, outlier detector, circuit-breaker
 * counters and connections (connectionPool.ts). Config comes from the compiled DestinationPolicy; this is
 * the run state Envoy keeps per cluster per proxy.
 */
export class UpstreamCluster {
  /** Live endpoints not ejected; a new array whenever either changes (balancers cache by identity). */
  healthy: readonly Endpoint[];
  /** Circuit breakers and the connections to each host. */
  readonly connections: ConnectionPool;
  readonly outlier: OutlierDetector | undefined;
  /** Rebuilt when the control plane changes the endpoint set, as Envoy's is on an EDS update. */
  balancer: ClusterLoadBalancer;
  /** The endpoints the control plane publishes now (a subset of `endpoints`). */
  private live: readonly Endpoint[];
  private liveVersion: number;
  private readonly makeBalancer: (endpoints: readonly Endpoint[]) => ClusterLoadBalancer;
  /**
   * Per-host state is kept by `id - firstId`: a service's endpoints have consecutive ids
   * (a replica's), so a cluster's span is its service's replica count. Arrays, not Maps
   * by id: every attempt reads and writes them, and in a large mesh each Map (and its
   * hash table) is found cold.
   */
  private readonly firstId: number;
  /** Requests in flight per host (Envoy's rq_active), for LEAST_REQUEST. */
  private readonly active: Int32Array;
  private readonly tls: Array<ConnectionOutcome | undefined>;
  /** Where the outlier detector's interval sweeps wait, when there is one. */
  private readonly tickLane: TimeoutLane | undefined;
  readonly activeRequests = (id: number): number => this.active[id - this.firstId] ?? 0;
  /** Whether the balancer hashes (RING_HASH, MAGLEV): read once, not through the policy on every call. */
  readonly hashing: boolean;

  constructor(
    readonly service: ServiceRuntime,
    readonly subset: string | undefined,
    readonly policy: DestinationPolicy,
    /** The subset's endpoints, and the replica behind each. */
    readonly endpoints: readonly Endpoint[],
    readonly replicaOf: readonly Replica[],
    caller: WorkloadIdentity,
    private readonly sim: Simulator,
    random: RandomSource,
    /** Called with each ejection decision (for metrics and warnings). */
    private readonly onEjection: (event: EjectionEvent, cluster: UpstreamCluster) => void,
    private readonly registry: EndpointRegistry,
    /** The caller's own service's hosts per zone (Envoy's local cluster), for zone-aware routing. */
    localClusterHostsPerZone?: ReadonlyMap<string, number>,
  ) {
    this.hashing = policy.loadBalancer.algorithm === 'RING_HASH' || policy.loadBalancer.algorithm === 'MAGLEV';
    const { first, span } = idRange(endpoints.map((e) => e.id));
    this.firstId = first;
    this.active = new Int32Array(Math.max(1, span));
    this.tls = new Array<ConnectionOutcome | undefined>(Math.max(1, span)).fill(undefined);
    this.connections = new ConnectionPool(policy.connectionPool, policy.retryBudget, first, Math.max(1, span));
    const od = policy.outlierDetection;
    const env = Object.assign(
      { callerLocality: caller.locality, callerLabels: caller.labels },
      od ? { outlierDetection: { minHealthPercent: od.healthyPanicThreshold } } : {},
      localClusterHostsPerZone ? { localClusterHostsPerZone } : {},
    );
    this.makeBalancer = (eps) => createLoadBalancer(policy.loadBalancer, eps, random, env);
    this.liveVersion = registry.version;
    this.live = endpoints.filter((e) => registry.isReady(e.id));
    this.healthy = this.live;
    this.balancer = this.makeBalancer(this.live);
    if (od) {
      this.outlier = new OutlierDetector(od, endpoints.map((e) => e.id), sim.now);
      // Every sweep is one interval after the last (nextTickAt is now + interval), so the
      // sweeps of all clusters with this interval share a lane: one calendar entry, not one
      // per cluster (thousands in a large mesh, each deepening every event's heap pass).
      this.tickLane = sim.timeoutLane(this.outlier.config.interval);
      this.tickLane.schedule(this.tick, undefined);
    } else {
      this.outlier = undefined;
      this.tickLane = undefined;
    }
  }

  /** Outlier detection sees the attempt's outcome (it ignores what Envoy does not report); returns what it decided, if anything. */
  reportOutcome(endpointId: number, outcome: AttemptOutcome): EjectionResult | undefined {
    if (!this.outlier) return undefined;
    const event = this.outlier.onResult(endpointId, outcome, this.sim.now);
    if (event === undefined) return undefined;
    this.onEjection(event, this);
    if (event.result === 'Ejected') this.refreshHealthy();
    return event.result;
  }

  requestStarted(id: number): void {
    const i = id - this.firstId;
    this.active[i] = (this.active[i] as number) + 1;
  }

  requestEnded(id: number): void {
    const i = id - this.firstId;
    this.active[i] = (this.active[i] as number) - 1;
  }

  /** How `proxy`'s connections to `host` are secured (a function of config alone), decided once per host. */
  connectionOutcome(host: Endpoint, clientNamespace: string, proxy: SidecarProxy): ConnectionOutcome {
    let t = this.tls[host.id - this.firstId];
    if (t === undefined) {
      const server = { labels: host.labels, namespace: proxy.workload.namespace };
      t = proxy.policy.connectionOutcome(
        this.subset !== undefined ? { clientNamespace, host: this.service.name, subset: this.subset, server } : { clientNamespace, host: this.service.name, server },
      );
      this.tls[host.id - this.firstId] = t;
    }
    return t;
  }

  private readonly tick = (): void => {
    const outlier = this.outlier as OutlierDetector;
    const unejected = outlier.onTick(this.sim.now);
    if (unejected.length > 0) this.refreshHealthy();
    (this.tickLane as TimeoutLane).schedule(this.tick, undefined);
  };

  /** Takes the control plane's latest endpoint set, if it changed (called before each pick). */
  refresh(): void {
    if (this.liveVersion === this.registry.version) return;
    this.liveVersion = this.registry.version;
    this.live = this.endpoints.filter((e) => this.registry.isReady(e.id));
    this.balancer = this.makeBalancer(this.live);
    this.refreshHealthy();
  }

  private refreshHealthy(): void {
    const outlier = this.outlier;
    this.healthy = outlier ? this.live.filter((e) => !outlier.isEjected(e.id)) : this.live;
  }
}


import { codedWarning, meshsimMessages } from '../../policy/analysis/messages.js';
import type { EjectionEvent } from '../../policy/outlierDetector.js';
import { maxEjectableHosts } from '../../policy/outlierDetector.js';
import type { RandomSource } from '../../policy/randomSource.js';
import type { RouteDestination } from '../../policy/routeDestination.js';
import { RouteMemo } from '../../policy/routeTable.js';
import type { EdgeMetrics, MeshMetrics, ServiceMetrics } from '../metrics/meshMetrics.js';
import type { ServiceRuntime } from '../serviceRuntime.js';
import type { CallHandle, CallOrigin, CallRequest, CallSink, OutboundTransport } from '../transport.js';
import type { WorkloadIdentity } from '../workload.js';
import { ISTIO_DEFAULT_CONNECTION_POOL } from '../../policy/connectionPool.js';
import type { ProxyWorkers } from '../dataPlane/proxyWorkers.js';
import { OutboundCall } from './outboundCall.js';
import type { ProxyPolicy } from './proxyPolicy.js';
import type { ProxyContext } from './proxyContext.js';
import { UpstreamCluster } from './upstreamCluster.js';
import { SmallIdentityMap } from '../../sim/smallIdentityMap.js';

/**
 * The outbound half of one workload replica's sidecar (docs/architecture.md "One call's path"):
 * it routes, balances, retries, times out, ejects outliers and enforces the
 * connection-pool limits for every call its app makes, deciding with src/policy.
 * Each replica has its own: load-balancer state, outlier detectors, pool counters and
 * retry budgets are per proxy, as in a real mesh.
 */
export class SidecarProxy implements OutboundTransport {
  /** Per service, per subset (undefined: the whole service): looked up on every call, so keyed without building a string. */
  private readonly clusters = new SmallIdentityMap<ServiceRuntime, Map<string | undefined, UpstreamCluster>>();
  /** Few per proxy (the services its app calls), so a scanned array rather than a Map, found cold in a large mesh. */
  private readonly targets = new SmallIdentityMap<ServiceRuntime, CallTarget>();
  /** The last target looked up: most callers call one service, and this is read with the proxy itself, where the target list is one more object found cold. */
  private lastTarget: CallTarget | undefined = undefined;

  constructor(
    /** Where the proxy runs and who it is (a workload's sidecar, a waypoint, a node's proxy). */
    readonly workload: WorkloadIdentity,
    /** Unique per proxy in the run (names its random streams): "reviews/v2#1", "users#0". */
    readonly proxyName: string,
    readonly ctx: ProxyContext,
    /** What this proxy enforces: the full policy (L7) or the L4 view. */
    readonly policy: ProxyPolicy,
    /** Its worker threads, when the data plane costs something (undefined: free and instant). */
    readonly workers: ProxyWorkers | undefined,
  ) {}

  /** A call from this proxy's own workload's app (a sidecar). */
  call(_origin: CallOrigin, target: ServiceRuntime, request: CallRequest, sink: CallSink): CallHandle | undefined {
    return this.callFrom(this.workload, target, request, sink);
  }

  /** A call on behalf of `source` (a waypoint or node proxy serving other workloads' calls). */
  callFrom(source: WorkloadIdentity, target: ServiceRuntime, request: CallRequest, sink: CallSink): CallHandle {
    const call = new OutboundCall(this, source, target, request, sink);
    call.begin();
    return call;
  }

  /**
   * What this proxy keeps per addressed service: its stream — route choices, picks,
   * backoff jitter, network delays; one per (proxy, target), so a new edge never shifts
   * another edge's draws — and the metrics of that edge and service.
   */
  target(service: ServiceRuntime): CallTarget {
    const last = this.lastTarget;
    if (last !== undefined && last.target === service) return last;
    let t = this.targets.get(service);
    if (!t) {
      const ctx = this.ctx;
      t = new CallTarget(service, ctx.streams.stream('proxy', this.proxyName, service.name), ctx.metrics, this.workload.name);
      this.targets.add(service, t);
    }
    this.lastTarget = t;
    return t;
  }

  /** The cluster for `service` (and `subset`), created on first use like Envoy's lazy CDS. */
  cluster(service: ServiceRuntime, subset: string | undefined, rng: RandomSource): UpstreamCluster | undefined {
    let bySubset = this.clusters.get(service);
    if (bySubset === undefined) {
      bySubset = new Map();
      this.clusters.add(service, bySubset);
    }
    let cluster = bySubset.get(subset);
    if (cluster) return cluster;
    const key = subset === undefined ? service.name : `${service.name}|${subset}`;
    const ctx = this.ctx;
    const all = ctx.endpoints.get(service) ?? [];
    let endpoints = all;
    if (subset !== undefined) {
      const selector = this.policy.subsetSelector(service.name, subset, this.workload.namespace);
      if (selector === undefined) return undefined;
      endpoints = all.filter((e) => Object.entries(selector).every(([k, v]) => e.labels[k] === v));
    }
    const policy = this.policy.destinationPolicy(service.name, subset !== undefined ? { clientNamespace: this.workload.namespace, subset } : { clientNamespace: this.workload.namespace });
    cluster = new UpstreamCluster(service, subset, policy, endpoints, ctx.replicaOfEndpoint, this.workload, ctx.sim, rng, this.onEjection, ctx.endpointRegistry, this.localCluster());
    if (policy.outlierDetection && maxEjectableHosts(policy.outlierDetection, endpoints.length) === 0) {
      ctx.warn(
        codedWarning(
          meshsimMessages.OutlierDetectionNeverEjects,
          `outlier detection toward ${key} can never eject a host: maxEjectionPercent ${policy.outlierDetection.maxEjectionPercent}% of ` +
            `${endpoints.length} endpoints rounds down to 0 (Envoy ≥ 1.28; docs/semantics/envoy-istio.md §3.3)`,
        ),
      );
    }
    const pool = policy.connectionPool;
    const unmodeled = [
      pool.maxConnectionDuration !== undefined ? 'maxConnectionDuration' : '',
      pool.idleTimeout !== ISTIO_DEFAULT_CONNECTION_POOL.idleTimeout ? 'idleTimeout' : '',
      pool.maxConcurrentStreams !== ISTIO_DEFAULT_CONNECTION_POOL.maxConcurrentStreams ? 'maxConcurrentStreams' : '',
    ].filter((f) => f !== '');
    if (unmodeled.length > 0) {
      ctx.warn(
        codedWarning(
          meshsimMessages.NotModeledField,
          `connectionPool ${unmodeled.join(', ')} toward ${key} not applied: the simulated pool is HTTP/1.1, one request per ` +
            `connection, and never closes idle or aged connections`,
        ),
      );
    }
    bySubset.set(subset, cluster);
    return cluster;
  }

  /**
   * The hosts of this proxy's own service per zone (Envoy's local cluster, which zone-aware
   * routing compares with the upstream's spread); undefined for callers that are not a
   * service's replicas (traffic sources, waypoints, node proxies).
   */
  private localCluster(): ReadonlyMap<string, number> | undefined {
    const own = this.ctx.services.get(this.workload.name);
    if (own === undefined) return undefined;
    const perZone = new Map<string, number>();
    for (const e of this.ctx.endpoints.get(own) ?? []) perZone.set(e.locality.zone, (perZone.get(e.locality.zone) ?? 0) + 1);
    return perZone;
  }

  /** A replica went down: connections this proxy held to it are gone. */
  dropConnectionsTo(endpointId: number): void {
    for (const bySubset of this.clusters.values()) for (const c of bySubset.values()) c.connections.dropIdle(endpointId);
  }

  private readonly onEjection = (event: EjectionEvent, cluster: UpstreamCluster): void => {
    const metrics = this.ctx.metrics;
    if (!metrics.window.contains(this.ctx.sim.now)) return;
    const replica = cluster.replicaOf[event.endpointId];
    if (!replica) return;
    const vm = replica.version.metrics;
    if (event.result === 'Ejected') {
      vm.ejections++;
      metrics.endToEnd.perSecond.countEvent('ejections', this.ctx.sim.now);
    }
    else if (event.result === 'MaxEjectionPercentReached') vm.ejectionsRefused++;
  };
}

/**
 * Per (proxy, addressed service): the stream and the metrics a call needs. A class, not
 * an object literal with a getter: such a literal is a dictionary-mode object, so every
 * call's reads of it were hash lookups.
 */
export class CallTarget {
  readonly service: ServiceMetrics;
  /** The last routed destination of a call to this target and its cluster (OutboundCall.clusterFor). */
  lastDestination: RouteDestination | undefined = undefined;
  lastCluster: UpstreamCluster | undefined = undefined;
  /** Where this target's host resolved in the route table (OutboundCall.routeRequest). */
  readonly routeMemo = new RouteMemo();
  private edgeMetrics: EdgeMetrics | undefined = undefined;

  constructor(
    readonly target: ServiceRuntime,
    readonly rng: RandomSource,
    private readonly metrics: MeshMetrics,
    private readonly from: string,
  ) {
    this.service = metrics.service(target.name);
  }

  /**
   * Created on first use: a waypoint or node proxy only calls on others' behalf, so an
   * edge from it would be an empty row in the results.
   */
  get edge(): EdgeMetrics {
    return (this.edgeMetrics ??= this.metrics.edge(this.from, this.target.name));
  }
}

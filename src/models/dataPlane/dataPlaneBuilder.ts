import type { CompiledPolicy } from '../../policy/compilePolicy.js';
import type { RandomSource } from '../../policy/randomSource.js';
import type { DataPlaneKind, ProxyCostSpec, Scenario } from '../../scenarios/scenario.js';
import type { RandomStreams } from '../../sim/randomStreams.js';
import type { Simulator } from '../../sim/simulator.js';
import type { MeasurementWindow } from '../metrics/measurementWindow.js';
import type { ProxyContext } from '../proxy/proxyContext.js';
import type { ProxyPolicy } from '../proxy/proxyPolicy.js';
import { SidecarProxy } from '../proxy/sidecarProxy.js';
import type { Replica } from '../replica.js';
import type { ServiceRuntime } from '../serviceRuntime.js';
import type { OutboundTransport } from '../transport.js';
import { workloadIdentity, type WorkloadIdentity } from '../workload.js';
import { l4PolicyView } from './l4PolicyView.js';
import { NodePlacement } from './nodePlacement.js';
import { ProxyWorkers } from './proxyWorkers.js';
import { DataPlaneTransport, type CallPath } from './dataPlaneTransport.js';

/**
 * Where a data plane's proxies sit and which one decides each call
 * (DESIGN.md: "a new data plane changes where proxies sit and what they cost, never the
 * policy"):
 * - sidecar: an Envoy per replica; the caller's decides (L7), the callee's is on the path.
 * - ambient: a ztunnel per node at each end (L4, mTLS). A service whose traffic needs L7
 *   (a VirtualService, DestinationRule or L7 AuthorizationPolicy applies to it) is served
 *   by a waypoint (per namespace or per service) that decides on the callers' behalf;
 *   other calls are decided at L4 (l4PolicyView).
 * - ebpf: the in-kernel L4 path at each end; calls to a service that needs L7 go through
 *   the caller node's shared Envoy (Cilium-style), which decides.
 * The builder also reports what a path without an L7 hop does not enforce.
 */
export class DataPlaneBuilder {
  readonly proxies: SidecarProxy[] = [];
  /** Every proxy instance with a cost (for CPU and memory accounting). */
  readonly processors: ProxyWorkers[] = [];
  private readonly placement: NodePlacement;
  private readonly nodeProcessors = new Map<string, ProxyWorkers>();
  private readonly nodeEnvoys = new Map<string, SidecarProxy>();
  private readonly waypoints = new Map<string, SidecarProxy>();
  private readonly sidecarWorkers = new Map<Replica, ProxyWorkers>();
  private readonly needsL7 = new Map<ServiceRuntime, boolean>();
  private readonly l4View: ProxyPolicy;
  private readonly ebpfL7View: ProxyPolicy;
  private nextWorkloadId: number;

  constructor(
    private readonly kind: Exclude<DataPlaneKind, 'none'>,
    private readonly scenario: Scenario,
    private readonly policy: CompiledPolicy,
    private readonly ctx: ProxyContext,
    private readonly sim: Simulator,
    private readonly window: MeasurementWindow,
    private readonly streams: RandomStreams,
    firstFreeWorkloadId: number,
  ) {
    this.placement = new NodePlacement(scenario.placement.podsPerNode);
    this.l4View = l4PolicyView(policy, kind === 'ambient' ? 'hbone' : 'kernel');
    // Cilium's Envoy applies the L7 resources, but transport security is the kernel's
    // (per-node keys), so Istio's mTLS modes do not decide whether a connection opens.
    const l4 = this.l4View;
    this.ebpfL7View = {
      route: (r, rng) => policy.route(r, rng),
      destinationPolicy: (h, o) => policy.destinationPolicy(h, o),
      subsetSelector: (h, s, n) => policy.subsetSelector(h, s, n),
      connectionOutcome: (t) => l4.connectionOutcome(t),
      authorize: (r, w) => policy.authorize(r, w),
    };
    this.nextWorkloadId = firstFreeWorkloadId;
  }

  /** Decides, for every service, whether its traffic needs L7, and warns about what an L4-only path drops. */
  analyse(services: Iterable<ServiceRuntime>, identityOf: (r: Replica) => WorkloadIdentity, warn: (m: string) => void): void {
    for (const service of services) {
      const deps = new Map<string, { resource: string; fields: Set<string> }>();
      for (const v of service.versions) {
        const r = v.replicas[0];
        if (r === undefined) continue;
        const server = identityOf(r);
        for (const d of this.policy.l7Dependencies(service.name, { labels: server.labels, namespace: server.namespace })) {
          const entry = deps.get(d.resource) ?? { resource: d.resource, fields: new Set<string>() };
          d.fields.forEach((f) => entry.fields.add(f));
          deps.set(d.resource, entry);
        }
      }
      const needs = deps.size > 0;
      const enforced = !(this.kind === 'ambient' && this.scenario.dataPlanes.waypoints === 'none');
      this.needsL7.set(service, needs && enforced);
      if (needs && !enforced) {
        for (const d of deps.values()) {
          warn(
            `${d.resource}: ${[...d.fields].join(', ')} not enforced for traffic to ${service.name}: ` +
              `ambient with waypoints: none has no L7 hop on that path (ztunnel is L4 only)`,
          );
        }
      }
    }
    if (this.kind === 'ebpf') {
      for (const r of this.scenario.istio) {
        if (r.kind === 'PeerAuthentication') {
          warn(`PeerAuthentication ${r.metadata?.namespace ?? 'default'}/${r.metadata?.name ?? ''}: not enforced by the eBPF data plane (transport security is per node, not Istio mTLS)`);
        }
      }
    }
  }

  /** The outbound transport of a service replica, and the proxies on its inbound side. */
  forReplica(replica: Replica, identity: WorkloadIdentity): OutboundTransport {
    const node = this.placement.nodeOf(identity.locality.zone, `replica:${replica.id}`);
    if (this.kind === 'sidecar') {
      const workers = this.processor(`sidecar ${identity.name}#${replica.id}`, 'sidecar', this.scenario.dataPlanes.sidecar);
      this.sidecarWorkers.set(replica, workers);
      const proxy = this.proxy(identity, `${replica.version.service.name}/${replica.version.name}#${replica.version.replicas.indexOf(replica)}`, this.policy, workers);
      return new DataPlaneTransport(identity, this.ctx, () => ({ pre: undefined, decider: proxy }));
    }
    return this.nodeTransport(identity, node, `${replica.version.service.name}/${replica.version.name}#${replica.version.replicas.indexOf(replica)}`);
  }

  /** The outbound transport of one replica of a traffic source (its own client node). */
  forSource(identity: WorkloadIdentity, index: number): OutboundTransport {
    if (this.kind === 'sidecar') {
      const workers = this.processor(`sidecar ${identity.name}#${index}`, 'sidecar', this.scenario.dataPlanes.sidecar);
      const proxy = this.proxy(identity, `${identity.name}#${index}`, this.policy, workers);
      return new DataPlaneTransport(identity, this.ctx, () => ({ pre: undefined, decider: proxy }));
    }
    const node = this.placement.nodeOf(`${identity.locality.zone}/clients`, `source:${identity.name}#${index}`);
    return this.nodeTransport(identity, node, `${identity.name}#${index}`);
  }

  /** Proxies a request meets at a replica's end, before the app. */
  serverSide(replica: Replica, identity: WorkloadIdentity): readonly ProxyWorkers[] {
    if (this.kind === 'sidecar') return [this.sidecarWorkers.get(replica) as ProxyWorkers];
    const node = this.placement.nodeOf(identity.locality.zone, `replica:${replica.id}`);
    return [this.nodeProcessor(node)];
  }

  /** Ambient or eBPF: the caller's node proxy carries the call, to a waypoint / node Envoy when L7 is needed. */
  private nodeTransport(identity: WorkloadIdentity, node: string, name: string): OutboundTransport {
    const nodeProc = this.nodeProcessor(node);
    const l4Decider = this.proxy(identity, name, this.l4View, nodeProc);
    return new DataPlaneTransport(identity, this.ctx, (target): CallPath => {
      if (this.needsL7.get(target) !== true) return { pre: undefined, decider: l4Decider };
      const decider = this.kind === 'ambient' ? this.waypointFor(target) : this.nodeEnvoy(node, identity);
      return { pre: nodeProc, decider };
    });
  }

  private waypointFor(target: ServiceRuntime): SidecarProxy {
    const key = this.scenario.dataPlanes.waypoints === 'per-service' ? `waypoint ${target.name}` : 'waypoint default';
    let proxy = this.waypoints.get(key);
    if (!proxy) {
      // A waypoint is a Deployment with one replica; it runs in the first zone.
      const zone = this.scenario.zones[0];
      const zoneIndex = this.ctx.network.zone(zone?.name ?? 'default');
      const identity = workloadIdentity(key.replace(' ', '-'), { app: key.replace(' ', '-') }, { region: zone?.region ?? '', zone: zone?.name ?? '', subzone: '' }, zoneIndex, this.nextWorkloadId++);
      proxy = this.proxy(identity, key, this.policy, this.processor(key, 'waypoint', this.scenario.dataPlanes.waypoint));
      this.waypoints.set(key, proxy);
    }
    return proxy;
  }

  private nodeEnvoy(node: string, near: WorkloadIdentity): SidecarProxy {
    let proxy = this.nodeEnvoys.get(node);
    if (!proxy) {
      const identity = workloadIdentity(`node-envoy-${node}`, { app: 'cilium-envoy' }, near.locality, near.zone, this.nextWorkloadId++);
      proxy = this.proxy(identity, `node-envoy ${node}`, this.ebpfL7View, this.processor(`node-envoy ${node}`, 'nodeEnvoy', this.scenario.dataPlanes.nodeEnvoy));
      this.nodeEnvoys.set(node, proxy);
    }
    return proxy;
  }

  private nodeProcessor(node: string): ProxyWorkers {
    let p = this.nodeProcessors.get(node);
    if (!p) {
      p = this.kind === 'ambient'
        ? this.processor(`ztunnel ${node}`, 'ztunnel', this.scenario.dataPlanes.ztunnel)
        : this.processor(`kernel ${node}`, 'kernel', this.scenario.dataPlanes.kernel);
      this.nodeProcessors.set(node, p);
    }
    return p;
  }

  private processor(name: string, kind: ProxyWorkers['kind'], cost: ProxyCostSpec): ProxyWorkers {
    const rng: RandomSource = this.streams.stream('dataplane', name);
    const p = new ProxyWorkers(name, kind, cost, this.sim, this.window, rng);
    this.processors.push(p);
    return p;
  }

  private proxy(identity: WorkloadIdentity, name: string, policy: ProxyPolicy, workers: ProxyWorkers): SidecarProxy {
    const p = new SidecarProxy(identity, name, this.ctx, policy, workers);
    this.proxies.push(p);
    return p;
  }
}

import { sharedPolicy, type CompiledPolicy } from '../../policy/compilePolicy.js';
import type { RandomSource } from '../../policy/randomSource.js';
import type { ProxyCostSpec } from '../../scenarios/scenario.js';
import { createDistribution } from '../distributionFromSpec.js';
import { InboundStep, type InboundConfig } from '../proxy/inboundStep.js';
import { createProxyContext, type ProxyContext } from '../proxy/proxyContext.js';
import type { ProxyPolicy } from '../proxy/proxyPolicy.js';
import { SidecarProxy } from '../proxy/sidecarProxy.js';
import type { Replica } from '../replica.js';
import type { OutboundTransport } from '../transport.js';
import type { WorkloadIdentity } from '../workload.js';
import type { DataPlane, DataPlaneInputs } from './dataPlane.js';
import { ProxyWorkers } from './proxyWorkers.js';

/**
 * What the data planes with proxies share: the compiled policy, the context every proxy
 * of the run sees, the proxies that decide calls, the proxy instances that cost CPU and
 * memory, and the server-side step at each replica. A subclass says where proxies sit:
 * `replicaOutbound` / `outboundForSource` (the caller's side) and `inboundConfig` (the
 * server's side).
 */
export abstract class ProxyDataPlane implements DataPlane {
  abstract readonly kind: DataPlane['kind'];
  readonly processors: ProxyWorkers[] = [];
  protected readonly policy: CompiledPolicy;
  protected readonly ctx: ProxyContext;
  /** Proxies that hold connections (every deciding proxy). */
  private readonly proxies: SidecarProxy[] = [];
  /** The server-side step of each replica, by replica id. */
  private readonly inboundSteps: InboundStep[] = [];

  constructor(protected readonly inputs: DataPlaneInputs) {
    const { scenario, sim, network, metrics, streams, activity, topology, endpointRegistry } = inputs;
    this.policy = sharedPolicy(scenario.istio).policy;
    this.ctx = createProxyContext({
      sim,
      network,
      metrics,
      streams,
      activity,
      topology,
      endpointRegistry,
      mtlsHandshake: createDistribution(scenario.network.mtlsHandshake),
      inbound: (r) => this.inboundSteps[r.id] as InboundStep,
      warn: (m) => inputs.warn(m),
    });
  }

  get crossZoneBytes(): number {
    return this.ctx.crossZoneBytes;
  }

  outboundForReplica(replica: Replica, identity: WorkloadIdentity): OutboundTransport {
    const outbound = this.replicaOutbound(replica, identity);
    this.inboundSteps[replica.id] = new InboundStep(replica, this.inboundConfig(replica, identity), this.ctx.sim, this.ctx.activity, identity);
    return outbound;
  }

  abstract outboundForSource(identity: WorkloadIdentity, index: number): OutboundTransport;

  /** Every proxy drops its pooled connections to the replica. */
  replicaDown(replica: Replica): void {
    for (const p of this.proxies) p.dropConnectionsTo(replica.id);
  }

  /** The caller's side of a replica (called before its inboundConfig). */
  protected abstract replicaOutbound(replica: Replica, identity: WorkloadIdentity): OutboundTransport;

  /** What a request meets at the replica's end before its app. */
  protected abstract inboundConfig(replica: Replica, identity: WorkloadIdentity): InboundConfig;

  /** "reviews/v2#1": a replica's proxy name (names its random streams). */
  protected replicaName(replica: Replica): string {
    return `${replica.version.service.name}/${replica.version.name}#${replica.version.replicas.indexOf(replica)}`;
  }

  /** A proxy instance with a cost, drawing from its own stream. */
  protected processor(name: string, kind: ProxyWorkers['kind'], cost: ProxyCostSpec, component: string = kind): ProxyWorkers {
    const rng: RandomSource = this.ctx.streams.stream('dataplane', name);
    const p = new ProxyWorkers(name, kind, cost, this.ctx.sim, this.inputs.window, rng, component);
    this.processors.push(p);
    return p;
  }

  /** A proxy that decides calls (a sidecar, a waypoint, a node proxy). */
  protected proxy(identity: WorkloadIdentity, name: string, policy: ProxyPolicy, workers: ProxyWorkers): SidecarProxy {
    const p = new SidecarProxy(identity, name, this.ctx, policy, workers);
    this.proxies.push(p);
    return p;
  }
}

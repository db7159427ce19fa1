import { codedWarning, meshsimMessages } from '../../policy/analysis/messages.js';
import type { InboundConfig } from '../proxy/inboundStep.js';
import type { ProxyPolicy } from '../proxy/proxyPolicy.js';
import type { SidecarProxy } from '../proxy/sidecarProxy.js';
import type { Replica } from '../replica.js';
import type { ServiceRuntime } from '../serviceRuntime.js';
import type { OutboundTransport } from '../transport.js';
import type { WorkloadIdentity } from '../workload.js';
import type { DataPlaneInputs } from './dataPlane.js';
import { DataPlaneTransport, type CallPath } from './dataPlaneTransport.js';
import { l4PolicyView } from './l4PolicyView.js';
import { l7Dependencies } from './l7Needs.js';
import { NodePlacement } from './nodePlacement.js';
import { ProxyDataPlane } from './proxyDataPlane.js';
import type { ProxyWorkers } from './proxyWorkers.js';

/**
 * The data planes whose proxies are per node (ambient's ztunnel, the eBPF kernel path):
 * a node proxy at each end of every call (L4), and for a service whose traffic needs L7
 * an Envoy elsewhere that decides on the callers' behalf (`l7Decider`). Other calls are
 * decided at L4 by the caller's node proxy (l4PolicyView). No inbound cluster: the
 * server's end is its node proxy alone.
 */
export abstract class NodeDataPlane extends ProxyDataPlane {
  protected readonly placement: NodePlacement;
  protected readonly l4View: ProxyPolicy;
  private readonly nodeProcessors = new Map<string, ProxyWorkers>();
  /** Services whose calls go through an L7 decider. */
  private readonly needsL7 = new Map<ServiceRuntime, boolean>();

  constructor(inputs: DataPlaneInputs, transport: 'hbone' | 'kernel') {
    super(inputs);
    this.placement = new NodePlacement(inputs.scenario.placement.podsPerNode);
    this.l4View = l4PolicyView(this.policy, transport);
    const identities = inputs.topology.identities;
    for (const service of inputs.topology.services.values()) {
      const deps = l7Dependencies(this.policy, service, (id) => identities[id] as WorkloadIdentity);
      const enforced = this.l7Enforced();
      this.needsL7.set(service, deps.length > 0 && enforced);
      if (deps.length > 0 && !enforced) {
        for (const d of deps) {
          inputs.warn(
            codedWarning(
              meshsimMessages.NotEnforcedByDataPlane,
              `${d.resource}: ${[...d.fields].join(', ')} not enforced for traffic to ${service.name}: ` +
                `ambient with waypoints: none has no L7 hop on that path (ztunnel is L4 only)`,
            ),
          );
        }
      }
    }
  }

  /** Whether calls needing L7 get an L7 hop at all. */
  protected abstract l7Enforced(): boolean;

  /** The Envoy that decides a call to `target` needing L7, for a caller on `node`. */
  protected abstract l7Decider(target: ServiceRuntime, node: string, caller: WorkloadIdentity): SidecarProxy;

  /** The proxy instance on `node` (ztunnel or kernel path), named and costed by the data plane. */
  protected abstract newNodeProcessor(node: string): ProxyWorkers;

  protected replicaOutbound(replica: Replica, identity: WorkloadIdentity): OutboundTransport {
    const node = this.placement.nodeOf(identity.locality.zone, `replica:${replica.id}`);
    return this.nodeTransport(identity, node, this.replicaName(replica));
  }

  outboundForSource(identity: WorkloadIdentity, index: number): OutboundTransport {
    const node = this.placement.nodeOf(`${identity.locality.zone}/clients`, `source:${identity.name}#${index}`);
    return this.nodeTransport(identity, node, `${identity.name}#${index}`);
  }

  protected inboundConfig(replica: Replica, identity: WorkloadIdentity): InboundConfig {
    const node = this.placement.nodeOf(identity.locality.zone, `replica:${replica.id}`);
    return { hops: [this.nodeProcessor(node)], inboundPool: undefined, retryRandom: undefined };
  }

  protected nodeProcessor(node: string): ProxyWorkers {
    let p = this.nodeProcessors.get(node);
    if (!p) {
      p = this.newNodeProcessor(node);
      this.nodeProcessors.set(node, p);
    }
    return p;
  }

  /** The caller's node proxy carries the call: it decides at L4, or takes it to the L7 decider. */
  private nodeTransport(identity: WorkloadIdentity, node: string, name: string): OutboundTransport {
    const nodeProc = this.nodeProcessor(node);
    const l4Decider = this.proxy(identity, name, this.l4View, nodeProc);
    return new DataPlaneTransport(identity, this.ctx, (target): CallPath => {
      if (this.needsL7.get(target) !== true) return { pre: undefined, decider: l4Decider };
      return { pre: nodeProc, decider: this.l7Decider(target, node, identity) };
    });
  }
}

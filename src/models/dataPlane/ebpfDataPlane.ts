import { codedWarning, meshsimMessages } from '../../policy/analysis/messages.js';
import type { ProxyPolicy } from '../proxy/proxyPolicy.js';
import type { SidecarProxy } from '../proxy/sidecarProxy.js';
import { workloadIdentity, type WorkloadIdentity } from '../workload.js';
import type { DataPlaneInputs } from './dataPlane.js';
import { NodeDataPlane } from './nodeDataPlane.js';
import type { ProxyWorkers } from './proxyWorkers.js';

/**
 * `dataPlane: ebpf` (Cilium-style): the in-kernel L4 path at each end; calls to a service
 * that needs L7 go through the caller node's shared Envoy, which decides. Transport
 * security is the kernel's (per-node keys), so Istio's mTLS modes do not decide whether a
 * connection opens, and PeerAuthentications are reported as not enforced.
 */
export class EbpfDataPlane extends NodeDataPlane {
  readonly kind = 'ebpf' as const;
  private readonly nodeEnvoys = new Map<string, SidecarProxy>();
  /** Cilium's Envoy applies the L7 resources; the connection's security is the kernel's. */
  private readonly l7View: ProxyPolicy;
  private nextWorkloadId: number;

  constructor(inputs: DataPlaneInputs) {
    super(inputs, 'kernel');
    this.nextWorkloadId = inputs.firstFreeWorkloadId;
    const policy = this.policy;
    const l4 = this.l4View;
    this.l7View = {
      route: (r, rng, memo) => policy.route(r, rng, memo),
      destinationPolicy: (h, o) => policy.destinationPolicy(h, o),
      subsetSelector: (h, s, n) => policy.subsetSelector(h, s, n),
      connectionOutcome: (t) => l4.connectionOutcome(t),
      authorize: (r, w) => policy.authorize(r, w),
      authorizationApplies: (w) => policy.authorizationApplies(w),
    };
    for (const r of inputs.scenario.istio) {
      if (r.kind === 'PeerAuthentication') {
        inputs.warn(codedWarning(meshsimMessages.NotEnforcedByDataPlane, `PeerAuthentication ${r.metadata?.namespace ?? 'default'}/${r.metadata?.name ?? ''}: not enforced by the eBPF data plane (transport security is per node, not Istio mTLS)`));
      }
    }
  }

  protected l7Enforced(): boolean {
    return true;
  }

  protected newNodeProcessor(node: string): ProxyWorkers {
    return this.processor(`kernel ${node}`, 'kernel', this.inputs.scenario.dataPlanes.kernel);
  }

  protected l7Decider(_target: unknown, node: string, caller: WorkloadIdentity): SidecarProxy {
    let proxy = this.nodeEnvoys.get(node);
    if (!proxy) {
      const identity = workloadIdentity(`node-envoy-${node}`, { app: 'cilium-envoy' }, caller.locality, caller.zone, this.nextWorkloadId++);
      proxy = this.proxy(identity, `node-envoy ${node}`, this.l7View, this.processor(`node-envoy ${node}`, 'nodeEnvoy', this.inputs.scenario.dataPlanes.nodeEnvoy));
      this.nodeEnvoys.set(node, proxy);
    }
    return proxy;
  }
}

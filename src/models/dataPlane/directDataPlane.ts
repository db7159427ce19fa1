import { codedWarning, meshsimMessages } from '../../policy/analysis/messages.js';
import { DirectTransport } from '../directTransport.js';
import type { OutboundTransport } from '../transport.js';
import type { DataPlane, DataPlaneInputs } from './dataPlane.js';
import type { ProxyWorkers } from './proxyWorkers.js';

/** `dataPlane: none`: every workload calls straight to a replica (kube-proxy's random pick, directTransport.ts). */
export class DirectDataPlane implements DataPlane {
  readonly kind = 'none' as const;
  readonly processors: readonly ProxyWorkers[] = [];
  readonly crossZoneBytes = 0;
  private readonly transport: DirectTransport;

  constructor(i: DataPlaneInputs) {
    if (i.scenario.istio.length > 0) {
      i.warn(codedWarning(meshsimMessages.NotEnforcedByDataPlane, `dataPlane is none: the scenario's ${i.scenario.istio.length} Istio resource(s) have no effect (no proxy enforces them)`));
    }
    const callers = i.topology.services.size + i.scenario.traffic.length;
    this.transport = new DirectTransport(i.sim, i.network, i.metrics, i.streams, i.activity, i.endpointRegistry, callers);
  }

  outboundForReplica(): OutboundTransport {
    return this.transport;
  }

  outboundForSource(): OutboundTransport {
    return this.transport;
  }

  /** Nothing holds connections: a call to a replica that is down fails on its own. */
  replicaDown(): void {}
}

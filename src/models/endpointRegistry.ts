import type { ControlPlaneSpec } from '../scenarios/scenario.js';
import type { Simulator } from '../sim/simulator.js';
import type { Replica } from './replica.js';

/**
 * Which replicas are endpoints of their service right now, as Kubernetes and the
 * mesh's control plane publish them (EndpointSlices, then EDS). A replica that goes
 * down stays an endpoint until the cluster notices — quickly when its process dies
 * (the pod turns NotReady at once), only after the node-monitor grace period when its
 * whole node is gone — and comes back once it is ready again. Callers that pick
 * endpoints (kube-proxy's random choice, a proxy's load balancer) check `version` and
 * re-read the set when it changes.
 */
export class EndpointRegistry {
  /** Bumped on every change, so a caller can cache its view. */
  version = 0;
  private readonly ready: Uint8Array;

  constructor(
    replicas: number,
    private readonly spec: ControlPlaneSpec,
    private readonly sim: Simulator,
  ) {
    this.ready = new Uint8Array(replicas).fill(1);
  }

  isReady(replicaId: number): boolean {
    return this.ready[replicaId] === 1;
  }

  /** The replica went down; `nodeLost`: its node is unreachable too (a zone outage), not just its process. */
  wentDown(replica: Replica, nodeLost: boolean): void {
    const delay = nodeLost ? this.spec.nodeFailureEndpointRemoval : this.spec.crashedEndpointRemoval;
    if (!Number.isFinite(delay)) return;
    this.sim.schedule(delay, () => {
      if (!replica.isUp) this.set(replica.id, 0);
    }, undefined);
  }

  /** The replica is back: it becomes an endpoint again once ready. */
  cameUp(replica: Replica): void {
    this.sim.schedule(this.spec.recoveredEndpointReady, () => {
      if (replica.isUp) this.set(replica.id, 1);
    }, undefined);
  }

  private set(id: number, value: 0 | 1): void {
    if (this.ready[id] === value) return;
    this.ready[id] = value;
    this.version++;
  }
}

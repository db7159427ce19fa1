import type { SidecarProxy } from '../proxy/sidecarProxy.js';
import type { ServiceRuntime } from '../serviceRuntime.js';
import { workloadIdentity } from '../workload.js';
import type { DataPlaneInputs } from './dataPlane.js';
import { NodeDataPlane } from './nodeDataPlane.js';
import type { ProxyWorkers } from './proxyWorkers.js';

/**
 * `dataPlane: ambient`: a ztunnel per node at each end (L4, HBONE mTLS). A service whose
 * traffic needs L7 is served by a waypoint (per namespace or per service) that decides on
 * the callers' behalf; with `waypoints: none` there is none, and the run warns what goes
 * unenforced.
 */
export class AmbientDataPlane extends NodeDataPlane {
  readonly kind = 'ambient' as const;
  private readonly waypoints = new Map<string, SidecarProxy>();
  private nextWorkloadId: number;

  constructor(inputs: DataPlaneInputs) {
    super(inputs, 'hbone');
    this.nextWorkloadId = inputs.firstFreeWorkloadId;
  }

  protected l7Enforced(): boolean {
    return this.inputs.scenario.dataPlanes.waypoints !== 'none';
  }

  protected newNodeProcessor(node: string): ProxyWorkers {
    return this.processor(`ztunnel ${node}`, 'ztunnel', this.inputs.scenario.dataPlanes.ztunnel);
  }

  protected l7Decider(target: ServiceRuntime): SidecarProxy {
    const scenario = this.inputs.scenario;
    const key = scenario.dataPlanes.waypoints === 'per-service' ? `waypoint ${target.name}` : 'waypoint default';
    let proxy = this.waypoints.get(key);
    if (!proxy) {
      // A waypoint is a Deployment with one replica; it runs in the first zone.
      const zone = scenario.zones[0];
      const zoneIndex = this.ctx.network.zone(zone?.name ?? 'default');
      const name = key.replace(' ', '-');
      const identity = workloadIdentity(name, { app: name }, { region: zone?.region ?? '', zone: zone?.name ?? '', subzone: '' }, zoneIndex, this.nextWorkloadId++);
      proxy = this.proxy(identity, key, this.policy, this.processor(key, 'waypoint', scenario.dataPlanes.waypoint, key));
      this.waypoints.set(key, proxy);
    }
    return proxy;
  }
}

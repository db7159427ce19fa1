import type { Simulator } from '../sim/simulator.js';
import type { FaultSpec, ReplicaTarget } from '../scenarios/scenario.js';
import type { EndpointRegistry } from './endpointRegistry.js';
import type { Network } from './network.js';
import type { Replica } from './replica.js';
import type { ServiceRuntime } from './serviceRuntime.js';

/**
 * Applies the scenario's faults at their times and reverts them when their window
 * ends, telling the control plane (EndpointRegistry) when replicas go down or come back. Faults nest: every effect is reference-counted or composed, so two
 * overlapping faults on one replica undo cleanly in any order.
 */
export class FaultScheduler {
  constructor(
    private readonly sim: Simulator,
    private readonly network: Network,
    private readonly services: ReadonlyMap<string, ServiceRuntime>,
    private readonly allReplicas: ReadonlyArray<Replica>,
    private readonly endpoints: EndpointRegistry,
  ) {}

  schedule(faults: ReadonlyArray<FaultSpec>): void {
    for (const fault of faults) {
      const { apply, revert } = this.effect(fault);
      this.sim.scheduleAt(fault.at, apply, undefined);
      if (Number.isFinite(fault.for)) this.sim.scheduleAt(fault.at + fault.for, revert, undefined);
    }
  }

  private effect(fault: FaultSpec): { apply: () => void; revert: () => void } {
    switch (fault.kind) {
      case 'crash': {
        const replicas = this.targets(fault);
        return {
          apply: () => replicas.forEach((r) => this.down(r, false)),
          revert: () => replicas.forEach((r) => this.up(r)),
        };
      }
      case 'zone-outage': {
        const zone = this.network.zone(fault.zone);
        const replicas = this.allReplicas.filter((r) => r.zone === zone);
        return {
          apply: () => {
            this.network.setZoneDown(zone, true);
            replicas.forEach((r) => this.down(r, true));
          },
          revert: () => {
            this.network.setZoneDown(zone, false);
            replicas.forEach((r) => this.up(r));
          },
        };
      }
      case 'partition': {
        const a = this.network.zone(fault.between[0]);
        const b = this.network.zone(fault.between[1]);
        return { apply: () => this.network.setPartition(a, b, true), revert: () => this.network.setPartition(a, b, false) };
      }
      case 'slowdown': {
        const replicas = this.targets(fault);
        const f = fault.factor;
        return {
          apply: () => replicas.forEach((r) => (r.slowdown *= f)),
          revert: () => replicas.forEach((r) => (r.slowdown /= f)),
        };
      }
      case 'errors': {
        const replicas = this.targets(fault);
        const rate = fault.rate;
        return {
          apply: () => replicas.forEach((r) => r.addFaultErrorRate(rate)),
          revert: () => replicas.forEach((r) => r.removeFaultErrorRate(rate)),
        };
      }
    }
  }

  private down(r: Replica, nodeLost: boolean): void {
    r.goDown();
    this.endpoints.wentDown(r, nodeLost);
  }

  private up(r: Replica): void {
    r.goUp();
    this.endpoints.cameUp(r);
  }

  /** The replicas a fault hits: the service's (or version's) replicas, the first N if `replicas` is set. */
  private targets(t: ReplicaTarget): Replica[] {
    const service = this.services.get(t.service);
    if (!service) throw new Error(`fault names unknown service ${t.service}`);
    const matching = service.replicas.filter((r) => t.version === undefined || r.version.name === t.version);
    return t.replicas === undefined ? matching : matching.slice(0, t.replicas);
  }
}

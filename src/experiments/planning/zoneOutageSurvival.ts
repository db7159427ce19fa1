/**
 * `meshsim plan --survive zone-outage`: a plan must meet the objectives with any one
 * zone down. Each zone's outage is simulated as a `zone-outage` fault covering the whole
 * measured window (from the end of the warm-up to the end of the run), on top of the
 * scenario's own faults — so the measured figures include the seconds before the
 * control plane removes the lost endpoints (controlPlane.nodeFailureEndpointRemoval),
 * as a real outage would. The scenario without an outage is judged too: the plan must
 * hold in normal operation as well.
 */
import type { Scenario, ServiceSpec, ZoneSpec } from '../../scenarios/scenario.js';
import { zoneSetOf } from './replicaCounts.js';

/** One situation a candidate is judged in. */
export interface Situation {
  /** "normal", or "zone-outage us-east-1a". */
  readonly name: string;
  readonly scenario: Scenario;
}

/** The situations a candidate must hold in: normal operation, then (when surviving) each zone down. */
export function situationsOf(scenario: Scenario, survive: boolean): Situation[] {
  const normal: Situation = { name: 'normal', scenario };
  if (!survive) return [normal];
  const { warmup, duration } = scenario.simulation;
  return [
    normal,
    ...scenario.zones.map((z) => ({
      name: `zone-outage ${z.name}`,
      scenario: { ...scenario, faults: [...scenario.faults, { kind: 'zone-outage' as const, zone: z.name, at: warmup, for: duration }] },
    })),
  ];
}

/** The zones a service runs in as its count changes (its versions' zone sets, in order). */
export function serviceZones(service: ServiceSpec, zones: ReadonlyArray<ZoneSpec>): string[] {
  return [...new Set(service.versions.flatMap((v) => (v.replicaZones.length > 0 ? zoneSetOf(v, zones) : [])))];
}

/**
 * Fewest replicas a service needs to have one left with any single zone down: one per
 * zone it runs in (balanced spreading then leaves at least one elsewhere). A service
 * confined to one zone of several cannot survive that zone's outage: undefined.
 */
export function survivalFloor(service: ServiceSpec, zones: ReadonlyArray<ZoneSpec>): number | undefined {
  const own = serviceZones(service, zones).length;
  if (zones.length > 1 && own < 2) return undefined;
  return Math.max(own, service.versions.filter((v) => v.replicaZones.length > 0).reduce((n, v) => n + zoneSetOf(v, zones).length, 0));
}

/**
 * Work per service with its largest zone share gone: the z − 1 zones left carry all of
 * it, so the chain grows a service spread over z zones by z / (z − 1).
 */
export function survivalWork(work: number, zones: number): number {
  return zones > 1 ? (work * zones) / (zones - 1) : work;
}

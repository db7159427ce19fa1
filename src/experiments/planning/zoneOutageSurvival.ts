/**
 * `meshsim plan --survive zone-outage`: a plan must meet the objectives with any one
 * zone down. Each zone's outage is simulated as a `zone-outage` fault over the whole run
 * (warm-up and measured window), on top of the scenario's own faults, in its steady
 * state — the question replicas answer is whether the zones left carry the load:
 * - the control plane has already removed the lost endpoints (nodeFailureEndpointRemoval
 *   0 in that situation): the detection window before it does (50 s by default) fails
 *   calls whatever the replica count, so it is not what a plan can buy — schedule a
 *   zone-outage fault and `meshsim run` the planned file to see it;
 * - callers that sat in the lost zone are served from the first zone left (a global
 *   load balancer sends users elsewhere), at the same rate.
 * The scenario without an outage is judged too: the plan must hold in normal operation.
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
  return [normal, ...scenario.zones.map((z) => ({ name: `zone-outage ${z.name}`, scenario: withZoneDown(scenario, z.name) }))];
}

/** The scenario in the steady state of `zone`'s outage (see the file comment). */
export function withZoneDown(scenario: Scenario, zone: string): Scenario {
  const refuge = scenario.zones.find((z) => z.name !== zone)?.name ?? zone;
  return {
    ...scenario,
    faults: [...scenario.faults, { kind: 'zone-outage', zone, at: 0, for: Number.POSITIVE_INFINITY }],
    traffic: scenario.traffic.map((t) => (t.zone === zone ? { ...t, zone: refuge } : t)),
    controlPlane: { ...scenario.controlPlane, nodeFailureEndpointRemoval: 0 },
  };
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

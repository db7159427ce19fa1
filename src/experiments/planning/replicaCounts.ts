/**
 * A plan's decision: how many replicas each service runs, and how that count is laid
 * out over its versions and zones — the one place `meshsim plan` turns a count into a
 * scenario, so what is simulated is what `--out` writes.
 *
 * Layout rules (docs/planning.md, "Versions and zones"):
 * - Versions keep their shares: N replicas are split over a service's versions in
 *   proportion to the counts the file gave them (largest remainder, ties to the
 *   earlier version), and every version that had a replica keeps at least one.
 * - Zones stay as they were. A version placed the way `replicas: N` places it (round
 *   robin over every zone, in declaration order) stays spread over every zone, however
 *   few replicas it had; any other version is zonal and grows or shrinks over the
 *   zones it runs in (in order of first appearance): `replicas: {a: 3}` stays in a.
 *   Either way the zones stay balanced — each gets ⌊n/z⌋, the first n mod z one more.
 */
import type { Scenario, ServiceSpec, TrafficSpec, VersionSpec, ZoneSpec } from '../../scenarios/scenario.js';

/** Replicas per service, by name: the planner's decision variable. */
export type ReplicaCounts = Readonly<Record<string, number>>;

/** The zones a version's replicas go to as its count changes (see the file comment). */
export function zoneSetOf(version: VersionSpec, zones: ReadonlyArray<ZoneSpec>): string[] {
  const spread = version.replicaZones.every((z, i) => z === (zones[i % zones.length] as ZoneSpec).name);
  return spread ? zones.map((z) => z.name) : [...new Set(version.replicaZones)];
}

/** Replicas each service runs now (the file's counts). */
export function countsOf(scenario: Scenario): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of scenario.services) out[s.name] = s.versions.reduce((n, v) => n + v.replicaZones.length, 0);
  return out;
}

/** Versions that had replicas in the file: each keeps at least one, so a service's floor is their number. */
export function minimumReplicas(service: ServiceSpec): number {
  return Math.max(1, service.versions.filter((v) => v.replicaZones.length > 0).length);
}

/**
 * Splits `total` over `weights` in proportion (largest remainder, ties to the earlier),
 * then gives every positive weight at least one, taken from the largest share (ties to
 * the later): the file's own total reproduces the file's counts.
 */
export function splitProportionally(total: number, weights: ReadonlyArray<number>): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0) return weights.map(() => 0);
  const exact = weights.map((w) => (total * w) / sum);
  const out = exact.map(Math.floor);
  const order = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  const left = total - out.reduce((a, b) => a + b, 0);
  for (let k = 0; k < left; k++) {
    const i = (order[k] as { i: number }).i;
    out[i] = (out[i] as number) + 1;
  }
  weights.forEach((w, i) => {
    if (w <= 0 || (out[i] as number) > 0) return;
    let from = -1;
    out.forEach((n, j) => {
      if (n > 1 && (from < 0 || n >= (out[from] as number))) from = j;
    });
    if (from < 0) return;
    out[from] = (out[from] as number) - 1;
    out[i] = 1;
  });
  return out;
}

/** Replicas per zone for `n` replicas over `zones`, balanced, the remainder to the first zones. */
export function spreadOverZones(n: number, zones: ReadonlyArray<string>): Record<string, number> {
  const out: Record<string, number> = {};
  zones.forEach((z, i) => (out[z] = Math.floor(n / zones.length) + (i < n % zones.length ? 1 : 0)));
  return out;
}

/** Each version's replica count when the service runs `total`. */
export function versionCounts(service: ServiceSpec, total: number): number[] {
  const weights = service.versions.map((v) => v.replicaZones.length);
  return splitProportionally(total, weights);
}

/** The zone of each replica, round robin over the zone set (the order `replicas: N` gives). */
function placed(n: number, zones: ReadonlyArray<string>): string[] {
  return Array.from({ length: n }, (_, i) => zones[i % zones.length] as string);
}

/** The scenario with each named service running `counts[name]` replicas (others unchanged). */
export function withReplicaCounts(scenario: Scenario, counts: ReplicaCounts): Scenario {
  const services = scenario.services.map((s): ServiceSpec => {
    const total = counts[s.name];
    if (total === undefined) return s;
    const perVersion = versionCounts(s, total);
    return {
      ...s,
      // A version whose count is unchanged keeps its layout as the file wrote it.
      versions: s.versions.map((v, i) => (v.replicaZones.length === (perVersion[i] as number) ? v : { ...v, replicaZones: placed(perVersion[i] as number, zoneSetOf(v, scenario.zones)) })),
    };
  });
  return { ...scenario, services };
}

/** The scenario with every traffic rate multiplied by `load` (the forecast: 1.5 for 50% more). */
export function withLoad(scenario: Scenario, load: number): Scenario {
  if (load === 1) return scenario;
  const traffic = scenario.traffic.map((t): TrafficSpec => ({ ...t, rate: t.rate.map((step) => ({ at: step.at, rate: step.rate * load })) }));
  return { ...scenario, traffic };
}

/** "productpage 3, details 2": a candidate for progress lines and messages. */
export function describeCounts(counts: ReplicaCounts): string {
  return Object.entries(counts)
    .map(([name, n]) => `${name} ${n}`)
    .join(', ');
}

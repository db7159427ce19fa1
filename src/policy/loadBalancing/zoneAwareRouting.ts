import type { RandomSource } from '../randomSource.js';
import { uniformIndex } from './loadBalancer.js';

/**
 * Envoy zone-aware routing (ZoneAwareLoadBalancerBase; docs/semantics/envoy-istio.md §5.5 [ED-ZA][E-LB],
 * docs/semantics/validation-cases.md F3): send as much as possible to the caller's own zone while keeping
 * requests per upstream host even. Percentages are integers out of 10000 (basis points).
 * Zones are matched by name (Envoy's newer calculateLocalityPercentages).
 */

/** Envoy's default min_cluster_size (§5.5 [EA-CL]). */
export const DEFAULT_MIN_CLUSTER_SIZE = 6;

export interface ZoneAwareInput {
  /** The calling workload's zone. */
  readonly localZone: string;
  /** Healthy hosts of the caller's own cluster per zone (Envoy's local cluster). */
  readonly localHostsPerZone: ReadonlyMap<string, number>;
  /** Healthy upstream hosts per zone (P0). */
  readonly upstreamHostsPerZone: ReadonlyMap<string, number>;
  readonly minClusterSize?: number;
}

export type ZoneRouting =
  /** Preconditions fail: balance over all zones as usual. */
  | { readonly kind: 'NoZoneRouting'; readonly reason: 'ClusterTooSmall' | 'SingleZone' | 'NoUpstreamInLocalZone' | 'NoLocalHosts' }
  /** Upstream's local share ≥ caller's local share: everything stays local. */
  | { readonly kind: 'LocalityDirect' }
  /**
   * Route locally with probability localPercentToRoute/10000; otherwise pick another zone
   * in proportion to its residual capacity (upstream% − local%, when positive).
   */
  | {
      readonly kind: 'LocalityResidual';
      readonly localPercentToRoute: number;
      readonly residual: ReadonlyArray<readonly [zone: string, capacity: number]>;
      /** All upstream zones with healthy hosts, for Envoy's fallback when no residual is left. */
      readonly zones: readonly string[];
    };

function percentages(hosts: ReadonlyMap<string, number>): Map<string, number> {
  let total = 0;
  for (const n of hosts.values()) total += n;
  const out = new Map<string, number>();
  for (const [z, n] of hosts) out.set(z, total === 0 ? 0 : Math.floor((10000 * n) / total));
  return out;
}

/** The routing state Envoy derives whenever host health changes. */
export function zoneAwareRouting(input: ZoneAwareInput): ZoneRouting {
  let upstreamTotal = 0;
  let zones = 0;
  for (const n of input.upstreamHostsPerZone.values()) {
    upstreamTotal += n;
    if (n > 0) zones++;
  }
  if (upstreamTotal < (input.minClusterSize ?? DEFAULT_MIN_CLUSTER_SIZE)) return { kind: 'NoZoneRouting', reason: 'ClusterTooSmall' };
  if (zones < 2) return { kind: 'NoZoneRouting', reason: 'SingleZone' };
  const local = percentages(input.localHostsPerZone);
  const upstream = percentages(input.upstreamHostsPerZone);
  const localPct = local.get(input.localZone) ?? 0;
  const upstreamLocalPct = upstream.get(input.localZone) ?? 0;
  // Envoy earlyExitNonLocalityRouting: no healthy upstream host in the caller's zone → no zone routing.
  if (upstreamLocalPct === 0) return { kind: 'NoZoneRouting', reason: 'NoUpstreamInLocalZone' };
  if (localPct === 0) return { kind: 'NoZoneRouting', reason: 'NoLocalHosts' };
  if (upstreamLocalPct >= localPct) return { kind: 'LocalityDirect' };
  const residual: Array<readonly [string, number]> = [];
  for (const [zone, up] of upstream) {
    if (zone === input.localZone) continue;
    const spare = up - (local.get(zone) ?? 0);
    if (spare > 0) residual.push([zone, spare]);
  }
  const zoneList = [...input.upstreamHostsPerZone].filter(([, n]) => n > 0).map(([z]) => z);
  return { kind: 'LocalityResidual', localPercentToRoute: Math.floor((upstreamLocalPct * 10000) / localPct), residual, zones: zoneList };
}

/**
 * The zone for one request: `random() % 10000 < localPercentToRoute` stays local, otherwise a
 * residual zone by capacity. Undefined for NoZoneRouting (balance over all zones).
 */
export function chooseZone(routing: ZoneRouting, localZone: string, random: RandomSource): string | undefined {
  if (routing.kind === 'NoZoneRouting') return undefined;
  if (routing.kind === 'LocalityDirect') return localZone;
  if (uniformIndex(random, 10000) < routing.localPercentToRoute) return localZone;
  const total = routing.residual.reduce((a, [, c]) => a + c, 0);
  // Rounding can leave no residual capacity; Envoy then picks any zone uniformly.
  if (total === 0) return routing.zones[uniformIndex(random, routing.zones.length)];
  // Envoy walks cumulative capacities with the local zone first at 0 and `threshold > cum[i]`:
  // zone i owns (cum[i-1], cum[i]], and threshold 0 falls to the local zone (a known quirk, kept).
  const threshold = uniformIndex(random, total);
  if (threshold === 0) return localZone;
  let cum = 0;
  for (const [zone, capacity] of routing.residual) {
    cum += capacity;
    if (threshold <= cum) return zone;
  }
  return localZone;
}

/** Expected fraction of this caller's requests per upstream zone (for reports and tests). */
export function zoneSplit(routing: ZoneRouting, localZone: string, upstreamHostsPerZone: ReadonlyMap<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  if (routing.kind === 'NoZoneRouting') {
    let total = 0;
    for (const n of upstreamHostsPerZone.values()) total += n;
    for (const [z, n] of upstreamHostsPerZone) out.set(z, total === 0 ? 0 : n / total);
    return out;
  }
  if (routing.kind === 'LocalityDirect') return out.set(localZone, 1);
  const local = Math.min(1, routing.localPercentToRoute / 10000);
  const total = routing.residual.reduce((a, [, c]) => a + c, 0);
  if (total === 0) {
    for (const z of routing.zones) out.set(z, (z === localZone ? local : 0) + (1 - local) / routing.zones.length);
    return out;
  }
  // Matches chooseZone, including the 1/total that Envoy's walk gives back to the local zone.
  out.set(localZone, local + (1 - local) / total);
  let first = true;
  for (const [zone, c] of routing.residual) {
    out.set(zone, ((1 - local) * (first ? c - 1 : c)) / total);
    first = false;
  }
  return out;
}

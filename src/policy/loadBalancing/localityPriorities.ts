import type { Endpoint } from '../endpoint.js';
import type { Locality } from '../request.js';
import type { FailoverPriorityLabel, LocalityFailover, LocalityLbConfig, ZoneAwareLbConfig } from './loadBalancerConfig.js';
import { distributeLocalityWeights, localityKey } from './localityDistribute.js';

/** How Istio's locality load balancing shaped this caller's view of the cluster. */
export type LocalityPlanReason =
  /** localityLbSetting.enabled: false — all endpoints in P0, no locality weighting. */
  | 'LocalityLbDisabled'
  /** Failover settings need outlierDetection; without it Istio leaves everything in P0 (§6 [II-LB ApplyToCluster]). */
  | 'InactiveWithoutOutlierDetection'
  /** Caller locality unknown: nothing to compare against, all in P0. */
  | 'NoCallerLocality'
  /** `distribute` applied: P0 only, locality weights, unmatched localities dropped. */
  | 'Distribute'
  /** `distribute` set but no `from` matched the caller: nothing applied. */
  | 'DistributeNoMatchingFrom'
  /** Priorities by region/zone/subzone (with `failover` regions if given). */
  | 'LocalityFailover'
  /** Priorities by `failoverPriority` labels (then locality, if `failover` is also set). */
  | 'FailoverPriority'
  /** zoneAwareLbSetting: own region P0, failover region P1, other regions P2; zone routing inside P0. */
  | 'ZoneAwareRegions'
  /** zoneAwareLbSetting.enabled: false — all endpoints in P0, zone routing off, mesh locality setting overridden. */
  | 'ZoneAwareDisabled';

export interface LocalityPlan {
  /** Endpoints per priority level, P0 first, compacted (no empty levels). Dropped endpoints are absent. */
  readonly levels: ReadonlyArray<readonly Endpoint[]>;
  /**
   * Locality weights per locality key, when Envoy's locality-weighted LB is on (set by
   * Istio with distribute, or with failover/failoverPriority under outlier detection).
   */
  readonly localityWeights?: ReadonlyMap<string, number>;
  readonly reason: LocalityPlanReason;
}

/** What the caller's proxy knows about itself and the destination's DestinationRule. */
export interface LocalityContext {
  readonly callerLocality?: Locality;
  /** The calling workload's labels, for failoverPriority. */
  readonly callerLabels?: Readonly<Record<string, string>>;
  /** Whether the destination's traffic policy has an outlierDetection block. */
  readonly outlierDetection: boolean;
}

/**
 * Istio util.LbPriority (§6 [II-UTIL]): 0 same region+zone+subzone, 1 same region+zone,
 * 2 same region, 3 other region.
 */
export function localityPriority(caller: Locality, endpoint: Locality): number {
  if (caller.region !== endpoint.region) return 3;
  if (caller.zone !== endpoint.zone) return 2;
  return caller.subzone === endpoint.subzone ? 0 : 1;
}

/**
 * Istio applyLocalityFailover's per-endpoint priority: LbPriority, and with a `failover`
 * rule whose `from` is the caller's region, other regions drop to 4 except its `to` (stays 3).
 */
export function failoverLocalityPriority(caller: Locality, endpoint: Locality, failover: readonly LocalityFailover[]): number {
  const p = localityPriority(caller, endpoint);
  if (p !== 3) return p;
  const rule = failover.find((f) => f.from === caller.region);
  return rule !== undefined && endpoint.region !== rule.to ? 4 : 3;
}

/** Locality labels Istio puts on endpoints; failoverPriority may name them. */
const REGION_LABEL = 'topology.kubernetes.io/region';
const ZONE_LABEL = 'topology.kubernetes.io/zone';
const SUBZONE_LABEL = 'topology.istio.io/subzone';

function labelOf(labels: Readonly<Record<string, string>> | undefined, locality: Locality | undefined, key: string): string | undefined {
  if (key === REGION_LABEL && locality) return locality.region;
  if (key === ZONE_LABEL && locality) return locality.zone;
  if (key === SUBZONE_LABEL && locality) return locality.subzone;
  return labels?.[key];
}

const NETWORK_LABEL = 'topology.istio.io/network';

/**
 * failoverPriority (§6 [IA-DR][II-LB applyFailoverPriorityPerLocality]): N labels; an
 * endpoint whose first mismatch is label j gets priority N − j, one matching all gets 0.
 * A label missing on both sides matches (both are ""). When the list begins with
 * topology.istio.io/network, a network mismatch does not stop the match: the remaining
 * labels still count and N is added, so every other-network endpoint ranks below every
 * same-network one.
 */
export function labelPriority(endpoint: Endpoint, labels: readonly FailoverPriorityLabel[], ctx: LocalityContext): number {
  const n = labels.length;
  // Istio compares the written entry: "topology.istio.io/network=n1" (an override) does not count.
  const networkFirst = n > 0 && labels[0]?.key === NETWORK_LABEL && labels[0].value === undefined;
  let adjust = 0;
  for (let j = 0; j < n; j++) {
    const l = labels[j] as FailoverPriorityLabel;
    const want = l.value ?? labelOf(ctx.callerLabels, ctx.callerLocality, l.key) ?? '';
    const have = labelOf(endpoint.labels, endpoint.locality, l.key) ?? '';
    if (want === have) continue;
    if (j === 0 && networkFirst) {
      adjust = n;
      continue;
    }
    return n - j + adjust;
  }
  return adjust;
}

/** Groups endpoints by a raw priority number and renumbers 0..N-1 without gaps, as Istio does. */
function compact(endpoints: readonly Endpoint[], priorityOf: (e: Endpoint) => number): Endpoint[][] {
  const byRaw = new Map<number, Endpoint[]>();
  for (const e of endpoints) {
    const p = priorityOf(e);
    const list = byRaw.get(p);
    if (list === undefined) byRaw.set(p, [e]);
    else list.push(e);
  }
  return [...byRaw.keys()].sort((a, b) => a - b).map((p) => byRaw.get(p) as Endpoint[]);
}

/** Envoy locality weights when Istio leaves them at their EDS values: Σ endpoint weights per locality. */
function endpointCountWeights(endpoints: readonly Endpoint[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const e of endpoints) m.set(localityKey(e.locality), (m.get(localityKey(e.locality)) ?? 0) + e.weight);
  return m;
}

/**
 * The priority levels (and locality weights) Istio programs into this caller's Envoy for
 * one cluster (§6 [II-LB ApplyLocalityLoadBalancer]). Order of precedence: disabled →
 * distribute (no outlier detection needed) → failover settings, which need outlier detection.
 */
export function computePriorities(
  callerLocality: Locality | undefined,
  endpoints: readonly Endpoint[],
  config: LocalityLbConfig,
  options: Omit<LocalityContext, 'callerLocality'>,
): LocalityPlan {
  // Object.assign, not a spread: a spread object gets a hidden class of its own in V8 (one per cluster in a large mesh).
  const ctx: LocalityContext = Object.assign({}, options, callerLocality === undefined ? {} : { callerLocality });
  const all = [endpoints.slice()];
  if (!config.enabled) return { levels: all, reason: 'LocalityLbDisabled' };
  const caller = callerLocality;
  if (config.distribute.length > 0) {
    if (caller === undefined) return { levels: all, reason: 'NoCallerLocality' };
    const d = distributeLocalityWeights(caller, endpoints, config.distribute);
    if (d === undefined) return { levels: all, reason: 'DistributeNoMatchingFrom' };
    const kept = endpoints.filter((e) => d.weights.has(localityKey(e.locality)));
    return { levels: [kept], localityWeights: d.weights, reason: 'Distribute' };
  }
  if (!ctx.outlierDetection) return { levels: all, reason: 'InactiveWithoutOutlierDetection' };
  if (caller === undefined) return { levels: all, reason: 'NoCallerLocality' };
  const weights = endpointCountWeights(endpoints);
  // Istio skips label priorities for a caller without labels, but its proxy labels always carry
  // the locality labels, and here the caller's locality is known: they always apply.
  if (config.failoverPriority.length > 0) {
    const byLabel = (e: Endpoint): number => labelPriority(e, config.failoverPriority, ctx);
    // With `failover` too, priority = labelPriority·5 + locality priority (at most 5 locality levels, 0–4).
    const priorityOf = config.failover.length > 0 ? (e: Endpoint) => byLabel(e) * 5 + failoverLocalityPriority(caller, e.locality, config.failover) : byLabel;
    return { levels: compact(endpoints, priorityOf), localityWeights: weights, reason: 'FailoverPriority' };
  }
  // Istio sets locality_weighted_lb_config only for an explicit failover list (or failoverPriority,
  // or distribute), not for the default failover (§6 [II-LB]; ENABLE_LOCALITY_WEIGHTED_LB_CONFIG off).
  return {
    levels: compact(endpoints, (e) => failoverLocalityPriority(caller, e.locality, config.failover)),
    ...(config.failover.length > 0 ? { localityWeights: weights } : {}),
    reason: 'LocalityFailover',
  };
}

/**
 * zoneAwareLbSetting's priorities (§6 [IA-DR][II-LB ApplyZoneAwareLoadBalancer]): the
 * failoverPriority label level (if any) times 3 plus the region bucket — the caller's
 * region 0, the `to` region of a failover rule from the caller's region 1, other regions
 * 2 — compacted. Disabled: everything in P0 and no zone routing (Istio writes
 * routing_enabled 0%). Istio forces failover here, without outlier detection.
 */
export function computeZoneAwarePriorities(
  callerLocality: Locality | undefined,
  endpoints: readonly Endpoint[],
  config: ZoneAwareLbConfig,
  callerLabels?: Readonly<Record<string, string>>,
): LocalityPlan {
  if (!config.enabled) return { levels: [endpoints.slice()], reason: 'ZoneAwareDisabled' };
  if (callerLocality === undefined) return { levels: [endpoints.slice()], reason: 'NoCallerLocality' };
  const rule = config.failover.find((f) => f.from === callerLocality.region);
  const region = (e: Endpoint): number => (e.locality.region === callerLocality.region ? 0 : rule !== undefined && e.locality.region === rule.to ? 1 : 2);
  const ctx: LocalityContext = { callerLocality, outlierDetection: true, ...(callerLabels === undefined ? {} : { callerLabels }) };
  const priorityOf = config.failoverPriority.length > 0 ? (e: Endpoint): number => labelPriority(e, config.failoverPriority, ctx) * 3 + region(e) : region;
  return { levels: compact(endpoints, priorityOf), reason: 'ZoneAwareRegions' };
}

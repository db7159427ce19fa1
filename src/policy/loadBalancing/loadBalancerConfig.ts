/**
 * Compiled DestinationRule `trafficPolicy.loadBalancer`: immutable, validated, with
 * Istio's defaults filled in (docs/semantics/envoy-istio.md §5, §6). Produced by
 * compileLoadBalancer; consumed by createLoadBalancer.
 */

import type { SlowStartConfig } from './slowStart.js';

/** Envoy lb_policy as Istio configures it. PASSTHROUGH is compiled but balanced as RANDOM (see compileLoadBalancer). */
export type LbAlgorithm = 'ROUND_ROBIN' | 'LEAST_REQUEST' | 'RANDOM' | 'RING_HASH' | 'MAGLEV';

/** Where a consistent-hash key comes from (Istio consistentHash → Envoy route hash_policy, §5.2 [II-ROUTE]). */
export type HashKeySource =
  | { readonly kind: 'header'; readonly name: string }
  | { readonly kind: 'cookie'; readonly name: string; readonly path?: string; readonly ttlSeconds?: number }
  | { readonly kind: 'sourceIp' }
  | { readonly kind: 'queryParameter'; readonly name: string }
  /** consistentHash without any key: Envoy hashes nothing and uses a random value per pick. */
  | { readonly kind: 'none' };

export interface RingHashConfig {
  /** Envoy minimum_ring_size, default 1024 (§5.2 [EA-CL]). */
  readonly minimumRingSize: number;
  /** Envoy maximum_ring_size, default 8,388,608; Istio never sets it. */
  readonly maximumRingSize: number;
}

export interface ConsistentHashConfig {
  readonly key: HashKeySource;
  readonly ringHash?: RingHashConfig;
  /** Maglev lookup table size, prime; default 65537 (§5.2 [EA-CL]). */
  readonly maglevTableSize?: number;
}

/** `distribute[]` entry: for callers in `from`, traffic shares (percent, summing to 100) per destination locality pattern. */
export interface LocalityDistribution {
  readonly from: string;
  /** Destination locality pattern → weight 1..100, in the order written. */
  readonly to: ReadonlyArray<readonly [pattern: string, weight: number]>;
}

export interface LocalityFailover {
  readonly from: string;
  readonly to: string;
}

/** One `failoverPriority` entry: a label key (match the caller's value) or `key=value`. */
export interface FailoverPriorityLabel {
  readonly key: string;
  /** Fixed value to match; undefined → the caller's own value of `key`. */
  readonly value?: string;
}

export interface LocalityLbConfig {
  /** Mesh default `localityLbSetting: {enabled: true}` (§6 [II-MESH]). */
  readonly enabled: boolean;
  /** True when the DestinationRule itself wrote localityLbSetting (false: the mesh default). */
  readonly configured: boolean;
  readonly distribute: readonly LocalityDistribution[];
  readonly failover: readonly LocalityFailover[];
  readonly failoverPriority: readonly FailoverPriorityLabel[];
}

export interface LoadBalancerConfig {
  readonly algorithm: LbAlgorithm;
  /** LEAST_REQUEST knobs; Istio never sets them, so Envoy's defaults hold (§5.2 [EA-LR]). */
  readonly leastRequest: { readonly choiceCount: number; readonly activeRequestBias: number };
  /** Present iff the algorithm is RING_HASH or MAGLEV. */
  readonly consistentHash?: ConsistentHashConfig;
  readonly locality: LocalityLbConfig;
  /**
   * `zoneAwareLbSetting` with enabled: true (2026 API, §6 [IA-DR][II-LB]): region priorities
   * (own region P0, failover region P1, others P2) and Envoy zone-aware routing inside P0.
   * Takes precedence over `locality`.
   */
  readonly zoneAware?: ZoneAwareLbConfig;
  /** Slow start from `warmupDurationSecs` / `warmup`; only ROUND_ROBIN and LEAST_REQUEST use it (§5.2). */
  readonly slowStart?: SlowStartConfig;
}

export interface ZoneAwareLbConfig {
  /**
   * `enabled` (absent means on). Off still wins over the mesh locality setting: Istio then
   * writes routing_enabled 0% and no priorities (loadbalancer.go GetEffectiveLbSetting).
   */
  readonly enabled: boolean;
  readonly failover: readonly LocalityFailover[];
  /** Label priorities applied before the region buckets (priority = label level·3 + region bucket). */
  readonly failoverPriority: readonly FailoverPriorityLabel[];
  /** Envoy min_cluster_size: fewer healthy P0 hosts than this turns zone routing off (default 6, §5.5). */
  readonly minClusterSize: number;
}

export const DEFAULT_MINIMUM_RING_SIZE = 1024; // §5.2 [EA-CL][II-CTP]
export const DEFAULT_MAXIMUM_RING_SIZE = 8_388_608; // §5.2 [EA-CL]
export const DEFAULT_MAGLEV_TABLE_SIZE = 65537; // §5.2 [EA-CL]
export const MAX_MAGLEV_TABLE_SIZE = 5_000_011; // §5.2 [EA-CL]

/** Istio's default: LEAST_REQUEST since 1.14 (§5.1 [II-CTP]), mesh locality LB enabled (§6 [II-MESH]). */
export const DEFAULT_LOAD_BALANCER_CONFIG: LoadBalancerConfig = Object.freeze({
  algorithm: 'LEAST_REQUEST',
  leastRequest: Object.freeze({ choiceCount: 2, activeRequestBias: 1.0 }),
  locality: Object.freeze({ enabled: true, configured: false, distribute: [], failover: [], failoverPriority: [] }),
});

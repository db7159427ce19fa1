import type { Endpoint } from '../endpoint.js';
import type { RandomSource } from '../randomSource.js';
import type { Locality } from '../request.js';
import { ClusterLoadBalancer } from './clusterLoadBalancer.js';
import { HashLoadBalancer } from './hashLoadBalancer.js';
import { LeastRequestLoadBalancer } from './leastRequest.js';
import type { LoadBalancer } from './loadBalancer.js';
import {
  DEFAULT_MAGLEV_TABLE_SIZE,
  DEFAULT_MAXIMUM_RING_SIZE,
  DEFAULT_MINIMUM_RING_SIZE,
  type LoadBalancerConfig,
} from './loadBalancerConfig.js';
import { computePriorities, computeZoneAwarePriorities } from './localityPriorities.js';
import { MaglevTable } from './maglev.js';
import { DEFAULT_PANIC_THRESHOLD_PERCENT } from './priorityLoad.js';
import { RandomLoadBalancer } from './randomLoadBalancer.js';
import { RingHashTable } from './ringHash.js';
import { RoundRobinLoadBalancer } from './roundRobin.js';

/** What the calling proxy contributes: its own locality/labels and the destination's outlier settings. */
export interface LoadBalancerEnvironment {
  readonly callerLocality?: Locality;
  readonly callerLabels?: Readonly<Record<string, string>>;
  /**
   * The destination's outlierDetection, if the DestinationRule has the block. Its presence
   * turns on locality failover priorities, and minHealthPercent (Istio default 0) replaces
   * Envoy's 50% panic threshold (docs/semantics/envoy-istio.md §3.6, §6 [II-CTP][II-LB]).
   */
  readonly outlierDetection?: { readonly minHealthPercent: number };
  /**
   * Healthy replicas of the caller's own service per zone (Envoy's local cluster), for
   * zoneAwareLbSetting. Without it Envoy has no local cluster and does no zone routing.
   */
  readonly localClusterHostsPerZone?: ReadonlyMap<string, number>;
}

/** Envoy's seed_ (a random uint64); 32 bits are enough for start offsets and EDF pre-picks. */
export function drawSeed(random: RandomSource): number {
  return Math.floor(random.next() * 0x100000000) >>> 0;
}

/** The host-level algorithm alone (no priorities or localities), over whatever hosts a pick hands it. */
export function createHostPicker(config: LoadBalancerConfig, seed: number): LoadBalancer {
  switch (config.algorithm) {
    case 'ROUND_ROBIN':
      return new RoundRobinLoadBalancer(seed, config.slowStart);
    case 'LEAST_REQUEST':
      return new LeastRequestLoadBalancer(seed, { ...config.leastRequest, ...(config.slowStart ? { slowStart: config.slowStart } : {}) });
    case 'RANDOM':
      return new RandomLoadBalancer();
    case 'RING_HASH': {
      const ring = config.consistentHash?.ringHash;
      const min = ring?.minimumRingSize ?? DEFAULT_MINIMUM_RING_SIZE;
      const max = ring?.maximumRingSize ?? DEFAULT_MAXIMUM_RING_SIZE;
      return new HashLoadBalancer(config.consistentHash?.key ?? { kind: 'none' }, (w) => new RingHashTable(w, min, max));
    }
    case 'MAGLEV': {
      const size = config.consistentHash?.maglevTableSize ?? DEFAULT_MAGLEV_TABLE_SIZE;
      return new HashLoadBalancer(config.consistentHash?.key ?? { kind: 'none' }, (w) => new MaglevTable(w, size));
    }
  }
}

/**
 * One caller proxy's balancer for one cluster (subset): Istio's locality plan for that caller
 * (§6), Envoy's priority/panic math (§5.3), locality weighting (§5.4) and the algorithm (§5.2).
 * `random` is drawn from once here, for the seed; per-pick draws come from each PickContext.
 */
export function createLoadBalancer(
  config: LoadBalancerConfig,
  endpoints: readonly Endpoint[],
  random: RandomSource,
  env: LoadBalancerEnvironment = {},
): ClusterLoadBalancer {
  const za = config.zoneAware;
  const plan =
    za !== undefined
      ? computeZoneAwarePriorities(env.callerLocality, endpoints, za, env.callerLabels)
      : computePriorities(env.callerLocality, endpoints, config.locality, {
          outlierDetection: env.outlierDetection !== undefined,
          ...(env.callerLabels === undefined ? {} : { callerLabels: env.callerLabels }),
        });
  const panicThresholdPercent = env.outlierDetection?.minHealthPercent ?? DEFAULT_PANIC_THRESHOLD_PERCENT;
  const seed = drawSeed(random);
  const zoneAware =
    za !== undefined && za.enabled && env.callerLocality !== undefined && env.localClusterHostsPerZone !== undefined
      ? { localZone: env.callerLocality.zone, localHostsPerZone: env.localClusterHostsPerZone, minClusterSize: za.minClusterSize }
      : undefined;
  return new ClusterLoadBalancer(plan, createHostPicker(config, seed), { panicThresholdPercent, seed, ...(zoneAware ? { zoneAware } : {}) });
}

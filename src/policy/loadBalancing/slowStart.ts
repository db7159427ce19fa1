import type { Endpoint } from '../endpoint.js';

/**
 * Envoy slow start (EdfLoadBalancerBase::applySlowStartFactor; docs/semantics/envoy-istio.md §5.2
 * [EA-CL][II-CTP setWarmup]), which Istio's `warmupDurationSecs` / `warmup` turn on for
 * ROUND_ROBIN and LEAST_REQUEST: a host that joined less than `windowSeconds` ago gets
 * `weight · max(timeFactor^(1/aggression), minWeightPercent/100)`, timeFactor = age/window
 * (age at least 1 ms). While any host of a list warms up, Envoy balances it with EDF even
 * when the static weights are equal.
 */
export interface SlowStartConfig {
  readonly windowSeconds: number;
  /** Istio default 1.0 (linear ramp). */
  readonly aggression: number;
  /** Istio default 10 (%). */
  readonly minWeightPercent: number;
}

/** Istio's defaults for `warmupDurationSecs` (§5.2 [II-CTP setWarmup]). */
export const DEFAULT_WARMUP_AGGRESSION = 1.0;
export const DEFAULT_WARMUP_MIN_WEIGHT_PERCENT = 10;

/** Multiplier in [minWeightPercent/100, 1] for a host `ageSeconds` after it joined. */
export function slowStartFactor(ageSeconds: number, cfg: SlowStartConfig): number {
  if (ageSeconds >= cfg.windowSeconds) return 1;
  const timeFactor = Math.max(0.001, ageSeconds) / cfg.windowSeconds;
  const ramp = cfg.aggression === 1 ? timeFactor : Math.pow(timeFactor, 1 / cfg.aggression);
  return Math.max(ramp, cfg.minWeightPercent / 100);
}

/** When each endpoint joined (seconds of simulated time), as the pick context reports it. */
export type HostAddedAt = (endpointId: number) => number | undefined;

const latestAdded = new WeakMap<readonly Endpoint[], number>();

/**
 * True while some host of `hosts` is inside the window at `now` (seconds). The newest join
 * time is cached per host-list object, so this is O(1) per pick.
 */
export function anyHostWarming(hosts: readonly Endpoint[], addedAt: HostAddedAt, now: number, cfg: SlowStartConfig): boolean {
  let latest = latestAdded.get(hosts);
  if (latest === undefined) {
    latest = -Infinity;
    for (const h of hosts) latest = Math.max(latest, addedAt(h.id) ?? -Infinity);
    latestAdded.set(hosts, latest);
  }
  return now - latest < cfg.windowSeconds;
}

/** `weight` scaled for a host's warm-up at `now`; hosts with no join time count as warm. */
export function warmedWeight(weight: number, host: Endpoint, addedAt: HostAddedAt, now: number, cfg: SlowStartConfig): number {
  const t = addedAt(host.id);
  return t === undefined ? weight : weight * slowStartFactor(now - t, cfg);
}

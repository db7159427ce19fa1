/**
 * Envoy's priority-level arithmetic (LoadBalancerBase::recalculatePerPriorityState and
 * recalculatePerPriorityPanic; docs/semantics/envoy-istio.md §5.3 [E-LB][ED-PRI][ED-PANIC]).
 * All values are integer percentages, computed with Envoy's integer division, so the
 * simulator spills over and panics at exactly the host counts Envoy does.
 * Degraded hosts are not modeled (Istio configures no active health checks), so the
 * degraded loads of the reference formulas are always 0.
 */

/** Envoy's default overprovisioning factor, 140 (= 1.4); Istio never sets it (§5.3 [EA-EP]). */
export const DEFAULT_OVERPROVISIONING_FACTOR = 140;
/** Envoy's default healthy_panic_threshold, 50% (§5.3 [EA-CL]); Istio sets minHealthPercent (0 by default) once outlierDetection exists (§3.6). */
export const DEFAULT_PANIC_THRESHOLD_PERCENT = 50;

/** Healthy and total host counts of one priority level. */
export interface PriorityHealthInput {
  readonly healthy: number;
  readonly total: number;
}

export interface PriorityLoad {
  /** Per priority, integer percent of traffic; sums to 100. */
  readonly load: readonly number[];
  /** Per priority, min(100, OPF·healthy/total) in integer percent. */
  readonly health: readonly number[];
  /** Per priority: the level uses all its hosts, healthy or not. */
  readonly panic: readonly boolean[];
  /** Normalized total availability: min(100, Σ health). */
  readonly normalizedTotalAvailability: number;
  /** Why the load looks the way it does (ends up in metrics and explanations). */
  readonly reason: PriorityLoadReason;
}

export type PriorityLoadReason =
  /** NTA is 100: the first levels absorb everything (spill-over only below ~72% healthy at OPF 1.4). */
  | 'Healthy'
  /** NTA < 100: load split by availability, some levels may be in panic. */
  | 'Degraded'
  /** Every level below the panic threshold: load ∝ host count, all hosts used. */
  | 'TotalPanic'
  /** Panic disabled (threshold 0) and nothing healthy: 100% to P0, which has no usable host → 503 UH. */
  | 'NoHealthyUpstream';

/** min(100, OPF·healthy/total) with integer division; 0 for an empty level. */
export function priorityHealth(healthy: number, total: number, overprovisioningFactor = DEFAULT_OVERPROVISIONING_FACTOR): number {
  if (total <= 0) return 0;
  return Math.min(100, Math.floor((overprovisioningFactor * healthy) / total));
}

/**
 * Per-priority load and panic flags from per-priority host counts.
 * `panicThresholdPercent` in [0, 100]; `overprovisioningFactor` in percent (140 = 1.4).
 */
export function computePriorityLoad(
  levels: readonly PriorityHealthInput[],
  panicThresholdPercent: number = DEFAULT_PANIC_THRESHOLD_PERCENT,
  overprovisioningFactor: number = DEFAULT_OVERPROVISIONING_FACTOR,
): PriorityLoad {
  const n = Math.max(1, levels.length);
  const health = Array.from({ length: n }, (_, p) => {
    const l = levels[p];
    return l === undefined ? 0 : priorityHealth(l.healthy, l.total, overprovisioningFactor);
  });
  const nta = Math.min(100, health.reduce((a, b) => a + b, 0));
  const load = new Array<number>(n).fill(0);
  const panic = new Array<boolean>(n).fill(false);

  if (nta > 0) {
    // distributeLoad: each level takes min(remaining, health·100/NTA), in order.
    let remaining = 100;
    let firstAvailable = -1;
    for (let p = 0; p < n; p++) {
      const h = health[p] as number;
      if (firstAvailable < 0 && h > 0) firstAvailable = p;
      const share = Math.min(remaining, Math.floor((h * 100) / nta));
      load[p] = share;
      remaining -= share;
    }
    // Rounding leftovers go to the first level with any health.
    if (remaining !== 0 && firstAvailable >= 0) load[firstAvailable] = (load[firstAvailable] as number) + remaining;
  }

  if (panicThresholdPercent === 0 && nta === 0) {
    load.fill(0);
    load[0] = 100;
    return { load, health, panic, normalizedTotalAvailability: nta, reason: 'NoHealthyUpstream' };
  }
  // Panic is evaluated only when NTA < 100: healthy% (float) below the threshold.
  if (nta !== 100) {
    for (let p = 0; p < n; p++) {
      const l = levels[p];
      const total = l?.total ?? 0;
      const healthyPercent = total === 0 ? 0 : (100 * (l?.healthy ?? 0)) / total;
      panic[p] = healthyPercent < panicThresholdPercent;
    }
  }
  if (panic.every((x) => x)) {
    // recalculateLoadInTotalPanic: load ∝ host count; remainder to the first non-empty level.
    const totalHosts = levels.reduce((a, l) => a + l.total, 0);
    load.fill(0);
    if (totalHosts === 0) {
      load[0] = 100;
    } else {
      let remaining = 100;
      let firstNonEmpty = -1;
      for (let p = 0; p < n; p++) {
        const hosts = levels[p]?.total ?? 0;
        if (firstNonEmpty < 0 && hosts !== 0) firstNonEmpty = p;
        const share = Math.floor((100 * hosts) / totalHosts);
        load[p] = share;
        remaining -= share;
      }
      load[firstNonEmpty] = (load[firstNonEmpty] as number) + remaining;
    }
    return { load, health, panic, normalizedTotalAvailability: nta, reason: 'TotalPanic' };
  }
  return { load, health, panic, normalizedTotalAvailability: nta, reason: nta === 100 ? 'Healthy' : 'Degraded' };
}

/**
 * Envoy choosePriority: `h % 100 + 1` walked against cumulative loads. `h` is a uint64
 * (random or request hash); pass `hashPercent = h % 100` already reduced.
 */
export function choosePriority(load: readonly number[], hashPercent: number): number {
  const target = hashPercent + 1;
  let acc = 0;
  for (let p = 0; p < load.length; p++) {
    acc += load[p] as number;
    if (target <= acc) return p;
  }
  return 0;
}

/**
 * Envoy PreviousPrioritiesRetryPriority::adjustForAttemptedPriorities: the priority load with
 * `excluded` levels' health set to 0 and the rest re-split by health (leftover to the first
 * available level). Undefined when no other level has health — Envoy then resets the exclusions,
 * i.e. the normal load applies.
 */
export function excludePriorities(load: PriorityLoad, excluded: ReadonlySet<number>): number[] | undefined {
  const health = load.health.map((h, p) => (excluded.has(p) ? 0 : h));
  const total = Math.min(100, health.reduce((a, b) => a + b, 0));
  if (total === 0) return undefined;
  const out = new Array<number>(health.length).fill(0);
  let remaining = 100;
  let first = -1;
  for (let p = 0; p < health.length; p++) {
    const h = health[p] as number;
    if (first < 0 && h > 0) first = p;
    const share = Math.min(remaining, Math.floor((h * 100) / total));
    out[p] = share;
    remaining -= share;
  }
  out[first] = (out[first] as number) + remaining;
  return out;
}

import type { MeshMetrics } from '../models/metrics/meshMetrics.js';
import type { PricesSpec, Scenario } from '../scenarios/scenario.js';

/** The contract's `cost` block (averages over the measured window). */
export interface CostResults {
  /** Average vCPU in use: apps' own work plus the data plane. */
  vcpu: number;
  /** The data plane's share of vcpu (sidecars, ztunnels, waypoints, node proxies). */
  meshVcpu: number;
  /** Memory held: app replicas (as stated in the scenario) plus the data plane. */
  memoryGiB: number;
  meshMemoryGiB: number;
  /** GiB that crossed zones during the measured window (per replication). */
  crossZoneGiB: number;
  /** The above priced for a 730-hour month at the scenario's prices. */
  usdPerMonth: number;
  /** The data plane by proxy kind: instances, average vCPU, memory (extension; empty without a data plane). */
  proxies: Record<string, { count: number; vcpu: number; memoryGiB: number }>;
}

const GIB = 1024 ** 3;
const HOURS_PER_MONTH = 730;

/**
 * Prices the consumption of `replications` runs of `windowSeconds` each: CPU and memory
 * as averages, cross-zone bytes as a rate extrapolated to a month.
 */
export function costBlock(metrics: MeshMetrics, scenario: Scenario, replications: number, round: (x: number) => number): CostResults {
  const seconds = metrics.window.length * replications;
  let appCpu = 0;
  for (const s of metrics.services.values()) for (const v of s.versions.values()) appCpu += v.cpuSeconds;
  const c = metrics.cost;
  const meshVcpu = seconds > 0 ? c.meshCpuSeconds / seconds : 0;
  const vcpu = seconds > 0 ? appCpu / seconds + meshVcpu : 0;
  const meshMemoryGiB = c.meshMemoryBytes / GIB;
  const memoryGiB = c.appMemoryBytes / GIB + meshMemoryGiB;
  const crossZoneGiB = replications > 0 ? c.crossZoneBytes / GIB / replications : 0;
  const usdPerMonth = monthlyUsd(scenario.prices, vcpu, memoryGiB, seconds > 0 ? c.crossZoneBytes / GIB / seconds : 0);
  return {
    vcpu: round(vcpu),
    meshVcpu: round(meshVcpu),
    memoryGiB: round(memoryGiB),
    meshMemoryGiB: round(meshMemoryGiB),
    crossZoneGiB: round(crossZoneGiB),
    usdPerMonth: round(usdPerMonth),
    proxies: Object.fromEntries(
      Object.keys(c.proxies)
        .sort()
        .map((kind) => [
          kind,
          {
            count: c.proxies[kind] ?? 0,
            vcpu: seconds > 0 ? round((c.proxyCpuSeconds[kind] ?? 0) / seconds) : 0,
            memoryGiB: round((c.proxyMemoryBytes[kind] ?? 0) / GIB),
          },
        ]),
    ),
  };
}

/** USD per month for an average vCPU and memory level and a cross-zone rate (GiB/s). */
export function monthlyUsd(prices: PricesSpec, vcpu: number, memoryGiB: number, crossZoneGiBPerSecond: number): number {
  return (vcpu * prices.vcpuHour + memoryGiB * prices.gibHour) * HOURS_PER_MONTH + crossZoneGiBPerSecond * HOURS_PER_MONTH * 3600 * prices.crossZonePerGiB;
}

/**
 * The proxy costs a comparison ran with, and where each default comes from — so
 * a reader of the report can judge the numbers (sources as in
 * src/scenarios/dataPlaneDefaults.ts; § numbers refer to
 * docs/semantics/overhead-figures.md).
 */
import { DATA_PLANE_DEFAULTS } from '../scenarios/dataPlaneDefaults.js';
import type { DataPlaneKind, DataPlanesSpec, DistributionSpec, ProxyCostSpec } from '../scenarios/scenario.js';

export type ProxyKind = 'sidecar' | 'ztunnel' | 'waypoint' | 'nodeEnvoy' | 'kernel';

/** Which proxies each data plane puts on a request's path. */
export const PROXIES_OF: Readonly<Record<DataPlaneKind, readonly ProxyKind[]>> = {
  none: [],
  sidecar: ['sidecar'],
  ambient: ['ztunnel', 'waypoint'],
  ebpf: ['kernel', 'nodeEnvoy'],
};

/** Where each proxy's defaults come from (dataPlaneDefaults.ts). */
export const PROXY_SOURCES: Readonly<Record<ProxyKind, string>> = {
  sidecar:
    'Envoy sidecar, one per replica: ~0.20 vCPU and ~60 MB per 1000 RPS of 1 KB (Istio 1.24, §1d); per-pass CPU spread and pass latency fitted to +0.182 ms p90 / +0.248 ms p99 for two sidecars (Istio 1.21.2, §1b).',
  ztunnel:
    'Ambient ztunnel, one per node (L4, mTLS): ~0.06 vCPU and ~12 MB per 1000 RPS (Istio 1.24, §1d); latency fitted to +0.17 ms p90 / +0.20 ms p99 for two ztunnels (Istio 1.22, §1b).',
  waypoint: 'Ambient waypoint (L7 Envoy), per namespace by default: ~0.25 vCPU per 1000 RPS (Istio 1.24, §1d), ~60 MB.',
  nodeEnvoy:
    "Cilium's per-node Envoy for L7 (§4b): no independent CPU or latency figure was found (§11), so it is costed as a waypoint, without TLS handshakes (node-level encryption).",
  kernel:
    'eBPF in-kernel L4 path (§4b, §4d): no primary source for its latency; order-of-magnitude choices — a few µs per pass, WireGuard-style crypto ~0.3 µs per KiB (§5b), no per-connection handshake.',
};

/** Shared by all the Envoy-based and ztunnel proxies. */
export const COMMON_SOURCES =
  'CPU per KiB: AES-128-GCM on 1 KB records ~0.9 µs (§5b) → 1 µs per KiB per TLS endpoint. mTLS handshake: 1.4–1.8 ms of CPU per endpoint (§5b), ztunnel #1288 ~1.7 ms (§4a) → 1.6 ms.';

export interface ProxyCostRow {
  readonly proxy: ProxyKind;
  /** Instances the run had (from results.cost.proxies), when known. */
  readonly instances?: number;
  /** Display cells: workers, pass CPU, CPU per KiB, off-path CPU, pass latency, handshake CPU, memory. */
  readonly cells: readonly string[];
  /** Per cell: whether the scenario overrode the default. */
  readonly overridden: readonly boolean[];
  readonly source: string;
}

export const PROXY_COST_COLUMNS = ['workers', 'CPU per pass', 'CPU per KiB', 'off-path CPU', 'pass latency', 'handshake CPU', 'memory'] as const;

function us(seconds: number): string {
  return `${Number((seconds * 1e6).toPrecision(3))} µs`;
}

function distribution(d: DistributionSpec): string {
  const spec = d as unknown as Record<string, unknown>;
  if (spec['dist'] === 'constant' && typeof spec['value'] === 'number') return us(spec['value']);
  if (spec['dist'] === 'gamma' && typeof spec['mean'] === 'number') return `${us(spec['mean'])} (gamma, cv ${String(spec['cv'])})`;
  if (spec['dist'] === 'exponential' && typeof spec['mean'] === 'number') return `${us(spec['mean'])} (exponential)`;
  return String(spec['dist'] ?? 'distribution');
}

function cellsOf(c: ProxyCostSpec): string[] {
  return [
    Number.isFinite(c.workers) ? String(c.workers) : 'unlimited',
    distribution(c.passCpu),
    us(c.cpuPerKiB),
    us(c.offPathCpu),
    us(c.passLatency),
    c.handshakeCpu === 0 ? 'none' : `${Number((c.handshakeCpu * 1e3).toPrecision(3))} ms`,
    c.memory === 0 ? '–' : `${Number((c.memory / 1e6).toPrecision(3))} MB`,
  ];
}

/**
 * The proxies `dataPlanes` use, each with the costs the runs used, which the
 * scenario changed, and (from `instances`, proxy kind → count) how many there were.
 */
export function proxyCostRows(spec: DataPlanesSpec, dataPlanes: readonly DataPlaneKind[], instances: Readonly<Record<string, number>> = {}): ProxyCostRow[] {
  const kinds = [...new Set(dataPlanes.flatMap((d) => PROXIES_OF[d]))];
  return kinds.map((proxy) => {
    const used = cellsOf(spec[proxy]);
    const defaults = cellsOf(DATA_PLANE_DEFAULTS[proxy]);
    const count = instances[proxy];
    return { proxy, ...(count !== undefined && { instances: count }), cells: used, overridden: used.map((c, i) => c !== defaults[i]), source: PROXY_SOURCES[proxy] };
  });
}

/**
 * Default costs of each data plane's proxies, calibrated to published measurements
 * (docs/semantics/overhead-figures.md; section numbers below). Every field can be
 * overridden in a scenario's `dataPlanes:` section.
 *
 * The model (src/models/dataPlane): a proxy is a pool of `workers` threads; each pass
 * of a request or a response through it costs `passCpu` + `cpuPerKiB` × size on a
 * worker (queueing when all are busy), plus `passLatency` that uses no proxy CPU; after
 * the response, `offPathCpu` keeps the worker busy (telemetry, §1d: "gathered after the
 * response is sent … delays the worker's next request"). A new mTLS connection costs
 * `handshakeCpu` at each end.
 *
 * Calibration (test/validation/dataPlaneOverhead.test.ts reproduces it through full runs):
 * - Envoy CPU per 1000 RPS of 1 KB: sidecar ~0.20 vCPU, waypoint ~0.25, ztunnel ~0.06
 *   (§1d, Istio 1.24) → per request per proxy 0.20 / 0.25 / 0.06 ms of CPU in all:
 *   2 × (passCpu + cpuPerKiB) + offPathCpu.
 * - Added latency, 2 proxies, 1000 RPS, 1 KB, 2 workers, mTLS: sidecar +0.182 ms p90 /
 *   +0.248 ms p99 (Istio 1.21.2, §1b); ambient L4 (2 ztunnels) +0.17 / +0.20 ms (1.22,
 *   §1b). Four passes are on the path, so passCpu + passLatency ≈ a quarter of the added
 *   mean, and passCpu's spread sets the p90→p99 gap. No per-pass CPU distribution is
 *   published, so passCpu's cv (2.4 sidecar, 2.0 ztunnel — a heavy tail) and passLatency
 *   are fitted: through the benchmark shape (test/validation/dataPlaneOverhead.test.ts)
 *   they give +0.178/+0.237 ms (sidecar) and +0.170/+0.192 ms (ambient L4).
 * - cpuPerKiB: AES-128-GCM on 1 KB records ~0.9 µs (§5b) → 1 µs per KiB per TLS endpoint.
 * - handshakeCpu: a full mTLS handshake costs 1.4–1.8 ms of CPU per endpoint (§5b),
 *   matching ztunnel #1288's ~1.7 ms per new connection (§4a) → 1.6 ms.
 * - Memory: sidecar ~60 MB, waypoint ~60 MB, ztunnel ~12 MB (§1d).
 */
import type { DataPlanesSpec, PricesSpec, ProxyCostSpec } from './scenario.js';

const MB = 1e6;
const us = 1e-6;

export const SIDECAR_DEFAULTS: ProxyCostSpec = {
  workers: 2,
  passCpu: { dist: 'gamma', mean: 22 * us, cv: 2.4 },
  cpuPerKiB: 1 * us,
  // 0.20 ms per request in all (§1d) − 2 passes × (22 + 1) µs.
  offPathCpu: 154 * us,
  passLatency: 10 * us,
  handshakeCpu: 1.6e-3,
  memory: 60 * MB,
};

export const ZTUNNEL_DEFAULTS: ProxyCostSpec = {
  workers: 2,
  passCpu: { dist: 'gamma', mean: 20 * us, cv: 2.0 },
  cpuPerKiB: 1 * us,
  // 0.06 ms per request in all (§1d) − 2 passes × (20 + 1) µs.
  offPathCpu: 18 * us,
  passLatency: 15 * us,
  handshakeCpu: 1.6e-3,
  memory: 12 * MB,
};

/** A waypoint is an Envoy doing L7 work like a sidecar, with more per request (0.25 vCPU per 1000 RPS, §1d). */
export const WAYPOINT_DEFAULTS: ProxyCostSpec = {
  ...SIDECAR_DEFAULTS,
  // 0.25 ms per request in all (§1d) − 2 passes × (22 + 1) µs.
  offPathCpu: 204 * us,
};

/**
 * Cilium's per-node Envoy for L7 (§4b). No independent CPU or latency figure was
 * found (§11), so it is costed as the Envoy it is: like a waypoint.
 */
export const NODE_ENVOY_DEFAULTS: ProxyCostSpec = {
  ...WAYPOINT_DEFAULTS,
  // Its upstream connections ride the kernel's per-node encryption: no TLS handshake.
  handshakeCpu: 0,
};

/**
 * The eBPF in-kernel L4 path (§4b, §4d). There is no primary source for its latency
 * (the "5–10 µs" claim is unverified, §4d); these are order-of-magnitude choices: a few
 * µs per pass, WireGuard-style per-packet crypto at ChaCha20's ~3.6 GB/s (§5b, ~0.3 µs
 * per KiB) and no per-connection handshake (keys are per node, §4b).
 */
export const KERNEL_DEFAULTS: ProxyCostSpec = {
  workers: Number.POSITIVE_INFINITY,
  passCpu: { dist: 'constant', value: 2 * us },
  cpuPerKiB: 0.3 * us,
  offPathCpu: 0,
  passLatency: 3 * us,
  handshakeCpu: 0,
  memory: 0,
};

export const DATA_PLANE_DEFAULTS: DataPlanesSpec = {
  sidecar: SIDECAR_DEFAULTS,
  ztunnel: ZTUNNEL_DEFAULTS,
  waypoint: WAYPOINT_DEFAULTS,
  nodeEnvoy: NODE_ENVOY_DEFAULTS,
  kernel: KERNEL_DEFAULTS,
  // `istioctl waypoint apply -n NS` deploys one per namespace; it is Istio's documented default.
  waypoints: 'per-namespace',
};

/**
 * Prices of a typical cloud: Google Compute Engine E2 on-demand (us-central1),
 * $0.021811 per vCPU-hour and $0.002923 per GiB-hour; cross-zone transfer at AWS's
 * $0.01/GB each way = $0.02 per GB moved (docs/semantics/validation-cases.md F1).
 */
/**
 * A proxy that decides but costs nothing (`dataPlanes: {costs: none}`): no CPU, no
 * latency, no memory, no handshake, and no queue for its workers.
 */
export const FREE_PROXY_COSTS: ProxyCostSpec = {
  workers: Number.POSITIVE_INFINITY,
  passCpu: { dist: 'constant', value: 0 },
  cpuPerKiB: 0,
  offPathCpu: 0,
  passLatency: 0,
  handshakeCpu: 0,
  memory: 0,
};

/** `spec` with every proxy kind free (FREE_PROXY_COSTS); where waypoints sit is kept. */
export function withoutProxyCosts(spec: DataPlanesSpec): DataPlanesSpec {
  return {
    sidecar: FREE_PROXY_COSTS,
    ztunnel: FREE_PROXY_COSTS,
    waypoint: FREE_PROXY_COSTS,
    nodeEnvoy: FREE_PROXY_COSTS,
    kernel: FREE_PROXY_COSTS,
    waypoints: spec.waypoints,
  };
}

export const PRICE_DEFAULTS: PricesSpec = {
  vcpuHour: 0.021811,
  gibHour: 0.002923,
  crossZonePerGiB: 0.02,
};

/** Pods per node when a scenario does not say: a small node pool of general-purpose VMs. */
export const DEFAULT_PODS_PER_NODE = 10;

/** Request and response size when a scenario does not say: the Istio benchmark's 1 KB (§1). */
export const DEFAULT_MESSAGE_BYTES = 1024;

/**
 * How fast Kubernetes and the mesh notice a replica that is gone or back. A container
 * that dies turns its pod NotReady at once; the EndpointSlice update and Istio's EDS
 * push (100 ms debounce) follow within about a second or two → 2 s. A node that stops
 * answering is marked NotReady only after kube-controller-manager's
 * --node-monitor-grace-period, 40 s for years and 50 s in recent releases
 * (kubernetes/kubernetes#127352) → 50 s, and only then do its endpoints go. A
 * recovered pod passes its readiness probe after about a second → 1 s.
 */
export const CONTROL_PLANE_DEFAULTS = {
  crashedEndpointRemoval: 2,
  nodeFailureEndpointRemoval: 50,
  recoveredEndpointReady: 1,
} as const;

/**
 * Analytic screening for `meshsim plan`: a queueing model of the mesh, solved in
 * microseconds, that tells the search where to start (docs/planning.md, "Analytic
 * screening").
 *
 * - Visits: each service's arrival rate from the traffic and the call graph (expected
 *   calls, `probability × count`, versions weighted by their share of replicas), solved
 *   by fixed-point iteration so probabilistic cycles are handled.
 * - Stations: one per replica of a service, an M/M/c queue with c = its concurrency and
 *   the service's requests spread evenly over its replicas. A worker is held for the
 *   request's own work *and* its calls (the app blocks on them), so the holding time
 *   H_s = E[own work] + Σ calls (network round trip + proxy passes + the callee's
 *   response time R), and R_s = Erlang C wait + H_s — mean-value analysis, callees first.
 * - Proxies: the data plane's cost model (dataPlaneDefaults.ts, or the scenario's
 *   `dataPlanes:`) adds four passes per call (two at each end, request and response) of
 *   passCpu + cpuPerKiB × size + passLatency; a sidecar is also a station of its own
 *   (M/M/workers, its CPU per request being two passes and the off-path telemetry).
 * - Percentiles: sojournQuantile.ts; what the figures mean for objectives:
 *   analyticObjectives.ts.
 */
import { createDistribution } from '../../models/distributionFromSpec.js';
import { UNLIMITED, type CallSpec, type DistributionSpec, type ProxyCostSpec, type Scenario, type ServiceSpec } from '../../scenarios/scenario.js';
import { erlangC } from '../closedForms/erlangC.js';
import type { ReplicaCounts } from './replicaCounts.js';

const KIB = 1024;
const FIXED_POINT_ITERATIONS = 500;

/** What the model knows of one service, independent of replica counts. */
export interface ServiceLoad {
  readonly name: string;
  /** Requests per second arriving at the service (at the scenario's rates). */
  readonly arrivalRate: number;
  /** Requests one replica serves at once (Infinity: unlimited). */
  readonly concurrency: number;
  /**
   * Worker-seconds per request with no queueing anywhere downstream and every network
   * hop at the fastest mean the scenario has (seconds): a floor whatever the placement,
   * since a candidate's replicas may sit closer to their callers than the file's do.
   */
  readonly unloadedHolding: number;
  /** CPU-seconds per request on this service's sidecar (0 without a sidecar). */
  readonly proxyCpu: number;
  /** Expected own work per request (seconds), versions weighted by share. */
  readonly ownWork: number;
}

export interface AnalyticModel {
  readonly services: ReadonlyArray<ServiceLoad>;
  /** Mean latency a call adds outside the callee (network round trip and proxy passes), by caller→callee. */
  readonly callOverhead: ReadonlyMap<string, number>;
  /** The same with the fastest network mean on every hop (for the floor). */
  readonly callOverheadFloor: ReadonlyMap<string, number>;
  /** Per traffic source: the service it calls, its share of all requests, and the overhead of that first hop. */
  readonly entries: ReadonlyArray<{ readonly to: string; readonly share: number; readonly overhead: number }>;
  readonly proxyWorkers: number;
  readonly scenario: Scenario;
}

/** What the model predicts at given replica counts. */
export interface Prediction {
  /** Every station below saturation. */
  readonly stable: boolean;
  /** Per service: utilization of its workers, mean response time R (seconds). */
  readonly services: Readonly<
    Record<string, { readonly utilization: number; readonly response: number; readonly holding: number; readonly holdingVariance: number; readonly perReplicaRate: number }>
  >;
  /** End-to-end mean latency (seconds). */
  readonly meanLatency: number;
}

/** The proxy on each end of a call under a data plane (the L4 one for ambient and ebpf: waypoints and node Envoys are not modelled here). */
function proxyOf(scenario: Scenario): ProxyCostSpec | undefined {
  switch (scenario.dataPlane) {
    case 'sidecar':
      return scenario.dataPlanes.sidecar;
    case 'ambient':
      return scenario.dataPlanes.ztunnel;
    case 'ebpf':
      return scenario.dataPlanes.kernel;
    case 'none':
      return undefined;
  }
}

function meanOf(spec: DistributionSpec): number {
  return createDistribution(spec).mean;
}

function passCost(p: ProxyCostSpec, bytes: number): number {
  return meanOf(p.passCpu) + (p.cpuPerKiB * bytes) / KIB + p.passLatency;
}

/** Mean one-way network delay between a random replica in `from` zones and one in `to` zones. */
function meanDelay(scenario: Scenario, from: ReadonlyArray<string>, to: ReadonlyArray<string>): number {
  if (from.length === 0 || to.length === 0) return 0;
  const region = new Map(scenario.zones.map((z) => [z.name, z.region]));
  const means = { same: meanOf(scenario.network.sameZone), cross: meanOf(scenario.network.crossZone), region: meanOf(scenario.network.crossRegion) };
  let sum = 0;
  for (const a of from) for (const b of to) sum += a === b ? means.same : region.get(a) === region.get(b) ? means.cross : means.region;
  return sum / (from.length * to.length);
}

/** Builds the model of `scenario` (its rates, its data plane). */
export function analyticModel(scenario: Scenario): AnalyticModel {
  const byName = new Map(scenario.services.map((s) => [s.name, s]));
  const zonesOf = (name: string): string[] => byName.get(name)?.versions.flatMap((v) => v.replicaZones) ?? [];
  const proxy = proxyOf(scenario);
  const callOverhead = new Map<string, number>();
  const callOverheadFloor = new Map<string, number>();
  const fastest = Math.min(meanOf(scenario.network.sameZone), meanOf(scenario.network.crossZone), meanOf(scenario.network.crossRegion));
  const overheadOf = (fromZones: ReadonlyArray<string>, fromName: string, call: Pick<CallSpec, 'service' | 'requestSize'>, responseSize: number): number => {
    const key = `${fromName}→${call.service}`;
    const known = callOverhead.get(key);
    if (known !== undefined) return known;
    const passes = proxy ? 2 * passCost(proxy, call.requestSize) + 2 * passCost(proxy, responseSize) : 0;
    const value = 2 * meanDelay(scenario, fromZones, zonesOf(call.service)) + passes;
    callOverhead.set(key, value);
    callOverheadFloor.set(key, 2 * fastest + passes);
    return value;
  };
  const responseSizeOf = (name: string): number => {
    const s = byName.get(name);
    return s ? weightedByShare(s.versions, (v) => v.responseSize) : 0;
  };

  const totalRate = scenario.traffic.reduce((sum, t) => sum + averageRate(t.rate, scenario), 0);
  const rates = arrivalRates(scenario);

  const services = scenario.services.map((s, i): ServiceLoad => {
    const concurrency = Math.min(...s.versions.map((v) => v.concurrency));
    const myZones = zonesOf(s.name);
    let proxyCpu = 0;
    if (scenario.dataPlane === 'sidecar' && proxy) {
      const p = scenario.dataPlanes.sidecar;
      const inbound = 2 * (meanOf(p.passCpu) + p.cpuPerKiB) + p.offPathCpu;
      const outbound = weightedByShare(s.versions, (v) => callsOf(v.calls).reduce((n, c) => n + c.probability * c.count, 0));
      proxyCpu = inbound * (1 + outbound);
    }
    // Touch each call's overhead once so the holding times below can read it.
    for (const v of s.versions) for (const c of callsOf(v.calls)) overheadOf(myZones, s.name, c, responseSizeOf(c.service));
    return {
      name: s.name,
      arrivalRate: rates[i] as number,
      concurrency,
      unloadedHolding: 0,
      proxyCpu,
      ownWork: ownWorkOf(s),
    };
  });
  const entries = scenario.traffic.map((t) => ({
    to: t.to,
    share: totalRate > 0 ? averageRate(t.rate, scenario) / totalRate : 0,
    overhead: overheadOf([t.zone], t.name, { service: t.to, requestSize: t.requestSize }, responseSizeOf(t.to)),
  }));
  const model: AnalyticModel = { services, callOverhead, callOverheadFloor, entries, proxyWorkers: proxy ? scenario.dataPlanes.sidecar.workers : 0, scenario };
  // Unloaded holding times: MVA with every wait at zero.
  const unloaded = holdingTimes({ ...model, callOverhead: callOverheadFloor }, () => 0);
  return { ...model, services: services.map((s) => ({ ...s, unloadedHolding: unloaded.get(s.name) ?? 0 })) };
}

/**
 * Requests per second arriving at each service, in the scenario's order (at its rates):
 * λ = external + Σ callers' λ × share(version) × probability × count, by fixed-point
 * iteration so probabilistic cycles are handled. Each pass is one walk over the calls,
 * with the callers' shares and the callees' indexes found once: the pre-run check
 * (offeredLoad.ts) runs it on every run, on meshes of thousands of services.
 */
export function arrivalRates(scenario: Scenario): number[] {
  const services = scenario.services;
  const index = new Map(services.map((s, i) => [s.name, i]));
  const external = new Array<number>(services.length).fill(0);
  for (const t of scenario.traffic) {
    const i = index.get(t.to);
    if (i !== undefined) external[i] = (external[i] as number) + averageRate(t.rate, scenario);
  }
  // Every call as (caller, share of its version, callee, probability, count), in the order services, versions, calls.
  const calls: Array<{ readonly from: number; readonly share: number; readonly to: number; readonly probability: number; readonly count: number }> = [];
  services.forEach((s, from) => {
    const shares = versionShares(s.versions);
    s.versions.forEach((v, k) => {
      for (const c of callsOf(v.calls)) {
        const to = index.get(c.service);
        if (to !== undefined) calls.push({ from, share: shares[k] as number, to, probability: c.probability, count: c.count });
      }
    });
  });
  let rate = external.slice();
  for (let iteration = 0; iteration < FIXED_POINT_ITERATIONS; iteration++) {
    const next = external.slice();
    for (const c of calls) next[c.to] = (next[c.to] as number) + (rate[c.from] as number) * c.share * c.probability * c.count;
    let settled = true;
    for (let i = 0; i < next.length && settled; i++) settled = Math.abs((next[i] as number) - (rate[i] as number)) <= 1e-12 * Math.max(1, next[i] as number);
    rate = next;
    if (settled) break;
  }
  return rate;
}

/** Expected own work per request of a service (seconds), its versions weighted by their share of replicas. */
export function ownWorkOf(service: ServiceSpec): number {
  return weightedByShare(service.versions, (v) => meanOf(v.serviceTime));
}

/** Rate averaged over the measured window (warm-up excluded), requests per second. */
function averageRate(steps: ReadonlyArray<{ at: number; rate: number }>, scenario: Scenario): number {
  const from = scenario.simulation.warmup;
  const to = from + scenario.simulation.duration;
  let area = 0;
  steps.forEach((s, i) => {
    const end = i + 1 < steps.length ? (steps[i + 1] as { at: number }).at : Number.POSITIVE_INFINITY;
    const lo = Math.max(from, s.at);
    const hi = Math.min(to, end);
    if (hi > lo) area += s.rate * (hi - lo);
  });
  return to > from ? area / (to - from) : 0;
}

export function callsOf(steps: ReadonlyArray<CallSpec | { kind: 'parallel'; calls: ReadonlyArray<CallSpec> }>): CallSpec[] {
  return steps.flatMap((step) => (step.kind === 'parallel' ? step.calls : [step]));
}

function versionShares(versions: ReadonlyArray<{ replicaZones: ReadonlyArray<string> }>): number[] {
  const total = versions.reduce((n, v) => n + v.replicaZones.length, 0);
  return versions.map((v) => (total > 0 ? v.replicaZones.length / total : 0));
}

function weightedByShare<V extends { replicaZones: ReadonlyArray<string> }>(versions: ReadonlyArray<V>, f: (v: V) => number): number {
  const shares = versionShares(versions);
  return versions.reduce((sum, v, k) => sum + (shares[k] as number) * f(v), 0);
}

/**
 * Holding time per service given each service's queueing wait (`wait(name, holding)`):
 * own work plus, per step, the expected call time (a parallel step takes its slowest
 * call's expected time — a lower bound on the expected maximum). Fixed-point iteration
 * from zero: callees first in a tree, convergent for a graph whose expected calls are finite.
 */
function holdingTimes(model: AnalyticModel, wait: (name: string, holding: number) => number): Map<string, number> {
  const scenario = model.scenario;
  const holding = new Map<string, number>(scenario.services.map((s) => [s.name, 0]));
  const response = (name: string): number => {
    const h = holding.get(name) ?? 0;
    return h + wait(name, h);
  };
  for (let i = 0; i < FIXED_POINT_ITERATIONS; i++) {
    let changed = false;
    for (const s of scenario.services) {
      const callTime = (c: CallSpec): number => c.probability * ((model.callOverhead.get(`${s.name}→${c.service}`) ?? 0) + response(c.service));
      const h = weightedByShare(s.versions, (v) => {
        let sum = meanOf(v.serviceTime);
        for (const step of v.calls) sum += step.kind === 'parallel' ? Math.max(0, ...step.calls.map(callTime)) : callTime(step);
        return sum;
      });
      if (!Number.isFinite(h)) return new Map(scenario.services.map((x) => [x.name, Number.POSITIVE_INFINITY]));
      if (Math.abs(h - (holding.get(s.name) ?? 0)) > 1e-15 + 1e-12 * h) changed = true;
      holding.set(s.name, h);
    }
    if (!changed) break;
  }
  return holding;
}

/** Mean M/M/c queueing wait (seconds) for `rate` per replica, `servers` workers, mean holding `h`; Infinity when saturated. */
export function meanWait(rate: number, servers: number, h: number): number {
  if (rate <= 0 || servers === UNLIMITED || h <= 0) return 0;
  const offered = rate * h;
  if (offered >= servers) return Number.POSITIVE_INFINITY;
  return erlangC(servers, offered) / (servers / h - rate);
}

/** Mean and variance of the M/M/c wait (0 with probability 1 − C, else exponential with rate cμ − λ). */
function waitMoments(rate: number, servers: number, h: number): { mean: number; variance: number } {
  if (rate <= 0 || servers === UNLIMITED || h <= 0) return { mean: 0, variance: 0 };
  const offered = rate * h;
  if (offered >= servers) return { mean: Number.POSITIVE_INFINITY, variance: Number.POSITIVE_INFINITY };
  const c = erlangC(servers, offered);
  const a = servers / h - rate;
  return { mean: c / a, variance: (2 * c) / (a * a) - (c / a) ** 2 };
}

/**
 * Variance of each service's holding time: its own work's (exact, from the
 * distribution) plus each call's — a call made with probability p taking T = overhead +
 * the callee's response (holding + wait, independent) has variance p·E[T²] − (p·E[T])²;
 * a parallel step counts its slowest call's. Versions mix as a mixture does.
 */
function holdingVariances(model: AnalyticModel, holding: ReadonlyMap<string, number>, wait: (name: string) => { mean: number; variance: number }): Map<string, number> {
  const scenario = model.scenario;
  const variance = new Map<string, number>(scenario.services.map((s) => [s.name, 0]));
  for (let i = 0; i < FIXED_POINT_ITERATIONS; i++) {
    let changed = false;
    for (const s of scenario.services) {
      const moments = (c: CallSpec): { mean: number; variance: number } => {
        const w = wait(c.service);
        const t = (model.callOverhead.get(`${s.name}→${c.service}`) ?? 0) + (holding.get(c.service) ?? 0) + w.mean;
        const v = (variance.get(c.service) ?? 0) + w.variance;
        return { mean: c.probability * t, variance: c.probability * (v + t * t) - (c.probability * t) ** 2 };
      };
      const perVersion = s.versions.map((v) => {
        const own = createDistribution(v.serviceTime);
        let mean = own.mean;
        let vari = Number.isFinite(own.scv) ? own.scv * own.mean * own.mean : 0;
        for (const step of v.calls) {
          const m = step.kind === 'parallel' ? step.calls.map(moments).reduce((a, b) => (b.mean > a.mean ? b : a), { mean: 0, variance: 0 }) : moments(step);
          mean += m.mean;
          vari += m.variance;
        }
        return { mean, variance: vari };
      });
      const shares = versionShares(s.versions);
      const h = holding.get(s.name) ?? 0;
      const total = Math.max(0, perVersion.reduce((sum, m, k) => sum + (shares[k] as number) * (m.variance + m.mean * m.mean), 0) - h * h);
      if (Math.abs(total - (variance.get(s.name) ?? 0)) > 1e-18 + 1e-12 * total) changed = true;
      variance.set(s.name, total);
    }
    if (!changed) break;
  }
  return variance;
}

/** The model's prediction at `counts` (replicas per service; services not named keep the file's). */
export function predict(model: AnalyticModel, counts: ReplicaCounts): Prediction {
  const loads = new Map(model.services.map((s) => [s.name, s]));
  const replicas = (name: string): number => counts[name] ?? model.scenario.services.find((s) => s.name === name)?.versions.reduce((n, v) => n + v.replicaZones.length, 0) ?? 1;
  const perReplica = (name: string): number => (loads.get(name)?.arrivalRate ?? 0) / Math.max(1, replicas(name));
  const proxyWait = (name: string): number => {
    const l = loads.get(name);
    if (!l || l.proxyCpu <= 0 || model.proxyWorkers <= 0) return 0;
    // Two passes of the request's own on its inbound sidecar wait for a worker.
    return 2 * meanWait(perReplica(name), model.proxyWorkers, l.proxyCpu);
  };
  const wait = (name: string, h: number): number => meanWait(perReplica(name), loads.get(name)?.concurrency ?? UNLIMITED, h) + proxyWait(name);
  const holding = holdingTimes(model, wait);
  const variance = holdingVariances(model, holding, (name) => {
    const h = holding.get(name) ?? 0;
    return waitMoments(perReplica(name), loads.get(name)?.concurrency ?? UNLIMITED, h);
  });
  const services: Record<string, Prediction['services'][string]> = {};
  let stable = true;
  for (const s of model.services) {
    const h = holding.get(s.name) ?? 0;
    const response = h + wait(s.name, h);
    const utilization = s.concurrency === UNLIMITED ? 0 : (perReplica(s.name) * h) / s.concurrency;
    if (s.arrivalRate > 0 && !Number.isFinite(response)) stable = false;
    services[s.name] = { utilization, response, holding: h, holdingVariance: variance.get(s.name) ?? 0, perReplicaRate: perReplica(s.name) };
  }
  const meanLatency = model.entries.reduce((sum, e) => sum + e.share * (e.overhead + (services[e.to]?.response ?? 0)), 0);
  return { stable, services, meanLatency };
}

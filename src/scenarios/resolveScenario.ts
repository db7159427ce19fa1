/**
 * Raw (schema-checked) scenario → the typed Scenario: defaults filled in, replicas
 * placed in zones, names cross-checked, the call graph checked for endless cycles and
 * the run's size checked against the event budget.
 *
 * Problems are reported through `report` with a path into the document; nothing is
 * thrown here, so every problem in the file is found in one pass.
 */
import { meshsimMessages, type MessageType } from '../policy/analysis/messages.js';
import type { IstioResource } from '../policy/manifest.js';
import { describeCycle, expectedCallsPerRequest, findCycle, findUnconditionalCycle, type CallEdge } from './callGraph.js';
import { workerHoldingCycle } from './callCycleWorkers.js';
import { DEFAULT_MAX_EVENTS, estimateEvents, EVENTS_PER_CALL } from './eventBudget.js';
import { listNames } from './messageLog.js';
import { ReplicaPlacement } from './replicaPlacement.js';
import type { FieldPath } from './locate.js';
import { resolveCheck } from './resolveCheck.js';
import { outlierSweepsPerSecond } from './outlierSweeps.js';
import { sharedPolicy } from '../policy/compilePolicy.js';
import { resolveFault } from './resolveFaults.js';
import { checkScenarioSize, MAX_FAULTS } from './sizeLimits.js';
import { sloContradictions } from './slo.js';
import { sloTargetProblems } from './sloTargets.js';
import type { RawCall, RawCallStep, RawScenario, RawService, RawTraffic } from './scenarioSchema.js';
import { MAX_REPLICAS } from './scenarioSchema.js';
import { CONTROL_PLANE_DEFAULTS, DATA_PLANE_DEFAULTS, DEFAULT_MESSAGE_BYTES, DEFAULT_PODS_PER_NODE, FREE_PROXY_COSTS, PRICE_DEFAULTS } from './dataPlaneDefaults.js';
import type {
  AppRetrySpec,
  CallSpec,
  DataPlanesSpec,
  ProxyCostSpec,
  CallStepSpec,
  DistributionSpec,
  NetworkSpec,
  RateStep,
  Scenario,
  ServiceSpec,
  SimulationSpec,
  TrafficSpec,
  VersionSpec,
  ZoneSpec,
} from './scenario.js';
import { DEFAULT_TRUST_DOMAIN } from './scenario.js';

/** Command-line values that replace the file's (seconds for durations). */
export interface ScenarioOverrides {
  readonly duration?: number;
  /** Seconds, or 'auto' (`--warmup auto`). */
  readonly warmup?: number | 'auto';
  readonly seed?: number;
  readonly replications?: number;
  /** Event budget for the whole run (default DEFAULT_MAX_EVENTS). */
  readonly maxEvents?: number;
}

export interface ProblemReport {
  error(path: FieldPath, message: string, expected?: string): void;
  /** A warning, with its catalog code (src/policy/analysis/messages.ts). */
  warn(path: FieldPath, message: string, type: MessageType, expected?: string): void;
}

/** docs/contract.md "simulation" defaults: 60 s measured, no warm-up, seed 1, one replication. */
const SIMULATION_DEFAULTS: SimulationSpec = { duration: 60, warmup: 0, seed: 1, replications: 1 };

/**
 * One-way delays, constant: half the round trips of docs/semantics/validation-cases.md F2 [PUB][MEAS]
 * — intra-AZ RTT about 0.1–0.3 ms → 0.1 ms; inter-AZ RTT about 0.5–1.5 ms (≈ 1 ms
 * measured) → 0.5 ms; inter-region RTT "tens of ms" → 30 ms (a 60 ms RTT). Constant
 * rather than tailed so a default scenario's latency is easy to reason about.
 */
const NETWORK_DEFAULTS: NetworkSpec = {
  sameZone: { dist: 'constant', value: 0.0001 },
  crossZone: { dist: 'constant', value: 0.0005 },
  crossRegion: { dist: 'constant', value: 0.03 },
  // Extra wall time of an mTLS setup beyond its round trip; the handshake's CPU is each
  // proxy's handshakeCpu (dataPlaneDefaults.ts), so by default nothing more.
  mtlsHandshake: { dist: 'constant', value: 0 },
};

/**
 * Requests one replica serves at once when the file does not say. Unlimited would hide
 * saturation (latency never queues, capacity plans never fail); 16 is a common worker
 * pool size (the contract's own example) and keeps overload visible.
 */
export const DEFAULT_CONCURRENCY = 16;

const DEFAULT_ZONE: ZoneSpec = { name: 'default', region: 'default' };

/** Resolves a schema-checked scenario. Returns undefined when `report.error` was called. */
export function resolveScenario(
  raw: RawScenario,
  file: string,
  istio: ReadonlyArray<IstioResource>,
  report: ProblemReport,
  overrides: ScenarioOverrides = {},
): Scenario | undefined {
  let failed = false;
  const problems: ProblemReport = {
    error: (path, message, expected) => {
      failed = true;
      report.error(path, message, expected);
    },
    warn: (path, message, type, expected) => report.warn(path, message, type, expected),
  };

  const warmup = overrides.warmup ?? raw.simulation?.warmup ?? SIMULATION_DEFAULTS.warmup;
  const simulation: SimulationSpec = {
    duration: overrides.duration ?? raw.simulation?.duration ?? SIMULATION_DEFAULTS.duration,
    // auto: 0 here; the experiment runs a pilot, chooses, and reruns with the choice.
    warmup: warmup === 'auto' ? 0 : warmup,
    ...(warmup === 'auto' && { warmupAuto: true }),
    seed: overrides.seed ?? raw.simulation?.seed ?? SIMULATION_DEFAULTS.seed,
    replications: overrides.replications ?? raw.simulation?.replications ?? SIMULATION_DEFAULTS.replications,
  };
  const horizon = simulation.warmup + simulation.duration;

  const zones = resolveZones(raw, problems);
  const zoneNames = new Set(zones.map((z) => z.name));
  const network: NetworkSpec = {
    sameZone: raw.network?.sameZone ?? NETWORK_DEFAULTS.sameZone,
    crossZone: raw.network?.crossZone ?? NETWORK_DEFAULTS.crossZone,
    crossRegion: raw.network?.crossRegion ?? NETWORK_DEFAULTS.crossRegion,
    mtlsHandshake: raw.network?.mtlsHandshake ?? NETWORK_DEFAULTS.mtlsHandshake,
  };

  const serviceNames = new Set<string>();
  raw.services.forEach((s, i) => {
    if (serviceNames.has(s.name)) problems.error(['services', i, 'name'], `duplicate service name "${s.name}"`, 'each service name once');
    serviceNames.add(s.name);
  });

  const edges: CallEdge[] = [];
  const placement = new ReplicaPlacement(zones);
  const services = raw.services.map((s, i) => resolveService(s, ['services', i], placement, serviceNames, edges, problems));
  const traffic = raw.traffic.map((t, i) => resolveTraffic(t, ['traffic', i], zones, zoneNames, serviceNames, problems));
  traffic.forEach((t, i) => placement.count(t.replicas, ['traffic', i, 'replicas']));
  placement.checkTotal(problems);
  // Each source is one caller in `edges` and owns its random stream, so names are unique.
  const trafficNames = new Set<string>();
  traffic.forEach((t, i) => {
    if (trafficNames.has(t.name)) {
      problems.error(raw.traffic[i]?.name === undefined ? ['traffic', i] : ['traffic', i, 'name'], `duplicate traffic source name "${t.name}"`, 'a distinct `name` for each traffic source (default: client)');
    }
    trafficNames.add(t.name);
  });
  // Faults past the limit are not resolved: checkScenarioSize refuses them.
  const faults = (raw.faults ?? []).slice(0, MAX_FAULTS + 1).map((f, i) => resolveFault(f, ['faults', i], services, zoneNames, horizon, problems));
  checkScenarioSize({ services: raw.services.length, faults: raw.faults?.length ?? 0 }, edges, traffic, problems);

  checkCallGraph([...serviceNames], edges, traffic, outlierSweepsPerSecond(sharedPolicy(istio).policy.destinationRuleList, services, traffic, edges), simulation, horizon, overrides.maxEvents ?? DEFAULT_MAX_EVENTS, problems);
  // Only for a call graph that is otherwise sound: a cycle refused above, or a mesh refused
  // for its size, needs no second word about its workers.
  if (!failed) warnOfWorkerHoldingCycle(services, edges, problems);
  const slo = raw.slo ?? [];
  for (const p of [...sloContradictions(slo), ...sloTargetProblems(slo, { services, traffic })]) problems.error(['slo', p.index], p.message, p.expected);
  const check = raw.check === undefined ? undefined : resolveCheck(raw.check, { services, traffic }, zoneNames, horizon, problems);

  if (failed) return undefined;
  return {
    name: raw.metadata.name,
    file,
    simulation,
    dataPlane: raw.dataPlane ?? 'none',
    zones,
    network,
    services,
    traffic,
    faults,
    istio,
    dataPlanes: resolveDataPlanes(raw),
    placement: { podsPerNode: raw.placement?.podsPerNode ?? DEFAULT_PODS_PER_NODE },
    controlPlane: { ...CONTROL_PLANE_DEFAULTS, ...definedOnly(raw.controlPlane ?? {}) },
    prices: { ...PRICE_DEFAULTS, ...definedOnly(raw.prices ?? {}) },
    slo,
    ...(check && { check }),
  };
}

/** Each proxy kind's defaults with the scenario's overrides on top (or none at all with `costs: none`). */
function resolveDataPlanes(raw: RawScenario): DataPlanesSpec {
  const d = raw.dataPlanes ?? {};
  const free = d.costs === 'none';
  const kind = (defaults: ProxyCostSpec, over: Partial<Record<keyof ProxyCostSpec, unknown>> | undefined): ProxyCostSpec =>
    free ? FREE_PROXY_COSTS : ({ ...defaults, ...definedOnly(over ?? {}) } as ProxyCostSpec);
  return {
    sidecar: kind(DATA_PLANE_DEFAULTS.sidecar, d.sidecar),
    ztunnel: kind(DATA_PLANE_DEFAULTS.ztunnel, d.ztunnel),
    waypoint: kind(DATA_PLANE_DEFAULTS.waypoint, d.waypoint),
    nodeEnvoy: kind(DATA_PLANE_DEFAULTS.nodeEnvoy, d.nodeEnvoy),
    kernel: kind(DATA_PLANE_DEFAULTS.kernel, d.kernel),
    waypoints: d.waypoints ?? DATA_PLANE_DEFAULTS.waypoints,
  };
}

/** The object without its undefined fields (so they do not override defaults when spread). */
function definedOnly<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

function resolveZones(raw: RawScenario, problems: ProblemReport): ZoneSpec[] {
  if (raw.zones === undefined) return [DEFAULT_ZONE];
  const seen = new Set<string>();
  return raw.zones.map((z, i) => {
    if (seen.has(z.name)) problems.error(['zones', i, 'name'], `duplicate zone name "${z.name}"`, 'each zone name once');
    seen.add(z.name);
    return { name: z.name, region: z.region ?? DEFAULT_ZONE.region };
  });
}

function resolveService(
  s: RawService,
  path: FieldPath,
  placement: ReplicaPlacement,
  serviceNames: ReadonlySet<string>,
  edges: CallEdge[],
  problems: ProblemReport,
): ServiceSpec {
  const rawVersions = s.versions ?? [{ name: 'default' }];
  const versionNames = new Set<string>();
  let total = 0;
  const versions = rawVersions.map((v, k): VersionSpec => {
    const vPath: FieldPath = s.versions === undefined ? path : [...path, 'versions', k];
    if (versionNames.has(v.name)) problems.error([...vPath, 'name'], `duplicate version name "${v.name}" in service "${s.name}"`, 'each version name once per service');
    versionNames.add(v.name);

    const replicasPath: FieldPath = v.replicas !== undefined ? [...vPath, 'replicas'] : [...path, 'replicas'];
    const { zones: replicaZones, count } = placement.place(v.replicas ?? s.replicas ?? 1, replicasPath, problems);
    total += count;

    const serviceTime: DistributionSpec | undefined = v.serviceTime ?? s.serviceTime;
    if (serviceTime === undefined) {
      problems.error(vPath, 'missing required field "serviceTime"', 'serviceTime: a duration or distribution, on the service or on each version');
    }
    const callsPath: FieldPath = v.calls !== undefined ? [...vPath, 'calls'] : [...path, 'calls'];
    const calls = resolveCalls(v.calls ?? s.calls ?? [], callsPath, s.name, v.name, serviceNames, edges, problems);
    return {
      name: v.name,
      replicaZones,
      concurrency: v.concurrency ?? s.concurrency ?? DEFAULT_CONCURRENCY,
      queueLimit: v.queueLimit ?? s.queueLimit ?? Number.POSITIVE_INFINITY,
      serviceTime: serviceTime ?? { dist: 'constant', value: 0 },
      errorRate: v.errorRate ?? s.errorRate ?? 0,
      calls,
      cancellation: v.cancellation ?? s.cancellation ?? false,
      responseSize: v.responseSize ?? s.responseSize ?? DEFAULT_MESSAGE_BYTES,
      memory: v.memory ?? s.memory ?? 0,
    };
  });
  if (total === 0) problems.error([...path, 'replicas'], `service "${s.name}" has no replicas`, 'at least one replica per service');
  if (total > MAX_REPLICAS) problems.error([...path, 'replicas'], `service "${s.name}" has ${total} replicas`, `at most ${MAX_REPLICAS} replicas per service`);
  return { name: s.name, implicitVersion: s.versions === undefined, versions };
}

function resolveCalls(
  steps: ReadonlyArray<RawCallStep>,
  path: FieldPath,
  from: string,
  version: string,
  serviceNames: ReadonlySet<string>,
  edges: CallEdge[],
  problems: ProblemReport,
): CallStepSpec[] {
  const one = (
    c: {
      service: string;
      count?: number | undefined;
      probability?: number | undefined;
      method?: string | undefined;
      path?: string | undefined;
      requestSize?: number | undefined;
      timeout?: number | undefined;
      retries?: RawCall['retries'];
    },
    callPath: FieldPath,
  ): CallSpec => {
    const call: CallSpec = {
      kind: 'call',
      service: c.service,
      count: c.count ?? 1,
      probability: c.probability ?? 1,
      method: c.method ?? 'GET',
      path: c.path ?? '/',
      requestSize: c.requestSize ?? DEFAULT_MESSAGE_BYTES,
      // Present only when set: a scenario without them resolves (and hashes) as before.
      ...(c.timeout !== undefined ? { timeout: c.timeout } : {}),
      ...(c.retries !== undefined ? { retries: appRetries(c.retries) } : {}),
    };
    if (!serviceNames.has(c.service)) {
      problems.error([...callPath, 'service'], `unknown service "${c.service}"`, `one of the services: ${listNames(serviceNames)}`);
    } else {
      edges.push({ from, version, to: c.service, probability: call.probability, count: call.count, path: [...callPath, 'service'] });
    }
    return call;
  };
  return steps.map((step, j): CallStepSpec =>
    'parallel' in step
      ? { kind: 'parallel', calls: step.parallel.map((c, k) => one(c, [...path, j, 'parallel', k])) }
      : one(step, [...path, j]),
  );
}

/** The app's retries with defaults filled: no backoff, maxBackoff 10 × backoff (Envoy's ratio), no jitter. */
function appRetries(r: NonNullable<RawCall['retries']>): AppRetrySpec {
  const backoff = r.backoff ?? 0;
  return { attempts: r.attempts, backoff, maxBackoff: r.maxBackoff ?? 10 * backoff, jitter: r.jitter ?? 'none' };
}

function resolveTraffic(
  t: RawTraffic,
  path: FieldPath,
  zones: ReadonlyArray<ZoneSpec>,
  zoneNames: ReadonlySet<string>,
  serviceNames: ReadonlySet<string>,
  problems: ProblemReport,
): TrafficSpec {
  if (!serviceNames.has(t.to)) problems.error([...path, 'to'], `unknown service "${t.to}"`, `one of the services: ${listNames(serviceNames)}`);
  const zone = t.zone ?? (zones[0] as ZoneSpec).name;
  if (!zoneNames.has(zone)) problems.error([...path, 'zone'], `unknown zone "${zone}"`, `one of the zones: ${listNames(zoneNames)}`);
  const name = t.name ?? 'client';
  if (serviceNames.has(name)) {
    problems.warn([...path, 'name'], `traffic source "${name}" has the name of a service; its edges in the results will be hard to tell apart`, meshsimMessages.CallerNamedLikeService, 'a caller name that is not a service name');
  }
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(t.headers ?? {})) {
    const lower = key.toLowerCase();
    if (Object.prototype.hasOwnProperty.call(headers, lower)) {
      problems.error([...path, 'headers', key], `header "${key}" is given twice (header names are case-insensitive)`, 'each header once');
    }
    headers[lower] = value;
  }
  let rate: RateStep[];
  if (typeof t.rate === 'number') rate = [{ at: 0, rate: t.rate }];
  else {
    rate = t.rate.map((s) => ({ at: s.at, rate: s.rate }));
    // Before the first step nothing arrives, so the schedule still starts at 0 as TrafficSpec requires.
    if ((rate[0]?.at ?? 0) > 0) rate.unshift({ at: 0, rate: 0 });
  }
  return {
    name,
    to: t.to,
    rate,
    arrivals: t.arrivals ?? 'poisson',
    zone,
    headers,
    replicas: t.replicas ?? 1,
    method: t.method ?? 'GET',
    path: t.path ?? '/',
    requestSize: t.requestSize ?? DEFAULT_MESSAGE_BYTES,
    trustDomain: t.trustDomain ?? DEFAULT_TRUST_DOMAIN,
  };
}

/** A call cycle that can deadlock a service with few workers (callCycleWorkers.ts); an unconditional cycle is an error already. */
function warnOfWorkerHoldingCycle(services: ReadonlyArray<ServiceSpec>, edges: ReadonlyArray<CallEdge>, problems: ProblemReport): void {
  if (findUnconditionalCycle(edges) !== undefined) return;
  const found = workerHoldingCycle(services, edges);
  if (found === undefined) return;
  const { cycle, service, workers } = found;
  problems.warn(
    (cycle[cycle.length - 1] as CallEdge).path,
    `call cycle ${describeCycle(cycle)}: each request inside it holds a worker of ${service} while it waits, so once ${workers} request${workers === 1 ? ' is' : 's are'} nested in the cycle ${service} waits on itself for ever (a thread-pool deadlock, which the run simulates: its requests then never finish)`,
    meshsimMessages.CallCycleHoldsWorkers,
    `concurrency on ${service} well above the depth the cycle reaches, a timeout on the call, or no cycle`,
  );
}

function checkCallGraph(
  services: ReadonlyArray<string>,
  edges: ReadonlyArray<CallEdge>,
  traffic: ReadonlyArray<TrafficSpec>,
  sweepsPerSecond: number,
  simulation: SimulationSpec,
  horizon: number,
  maxEvents: number,
  problems: ProblemReport,
): void {
  const cycle = findUnconditionalCycle(edges);
  if (cycle !== undefined) {
    const closing = cycle[cycle.length - 1] as CallEdge;
    problems.error(closing.path, `unconditional call cycle: ${describeCycle(cycle)}`, 'a call graph without cycles, or a cycle broken by a call with probability < 1');
    return;
  }
  const expected = expectedCallsPerRequest(services, edges);
  const endless = edges.filter((e) => e.probability > 0 && !Number.isFinite(expected.get(e.from) ?? 0) && !Number.isFinite(expected.get(e.to) ?? 0));
  if (endless.length > 0) {
    const found = findCycle(endless);
    if (found === undefined) {
      // No cycle: counts and repeated calls multiply level after level (2 calls at each of 6,000 levels is 2^6000).
      const first = endless[0] as CallEdge;
      problems.error(
        first.path,
        `the expected number of calls per request below ${first.from} is beyond counting: calls multiply at every level of the call graph`,
        'a call graph whose calls per request add up to a number the event budget can take',
      );
      return;
    }
    problems.error(
      (found[found.length - 1] as CallEdge).path,
      `call cycle ${describeCycle(found)} repeats without end on average: the expected number of calls per request is infinite, or too large to settle`,
      'probabilities × counts around the cycle whose product is below 1',
    );
    return;
  }
  const sources = traffic.map((t) => ({ schedule: t.rate, expectedCalls: expected.get(t.to) ?? 0 }));
  // warmup: auto runs a pilot of the scenario's duration first: one replication more.
  const runs = simulation.replications + (simulation.warmupAuto === true ? 1 : 0);
  // Over the window; the drain after it ends as soon as nothing is in flight.
  const sweeps = sweepsPerSecond * horizon * runs;
  const events = estimateEvents(sources, horizon, runs) + sweeps;
  if (events > maxEvents) {
    const timers = sweeps > 0 ? `, plus ${sweeps.toPrecision(2)} outlier-detection sweeps (DestinationRule interval)` : '';
    problems.error(
      ['simulation', 'duration'],
      `this run needs about ${events.toPrecision(2)} simulator events (mean rate × (warmup + duration) × (calls per request + 1) × ${EVENTS_PER_CALL} × replications${timers}), over the budget of ${maxEvents.toPrecision(2)}; raise the budget with --max-events N, or shorten the run`,
      `at most ${maxEvents.toPrecision(2)} estimated events`,
    );
  }
}

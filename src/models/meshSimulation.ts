import { RandomStreams } from '../sim/randomStreams.js';
import { Simulator } from '../sim/simulator.js';
import type { Scenario } from '../scenarios/scenario.js';
import { ArrivalProcess } from './arrivalProcess.js';
import { EndpointRegistry } from './endpointRegistry.js';
import { FaultScheduler } from './faultScheduler.js';
import { MeshActivity } from './meshActivity.js';
import { MeasurementWindow } from './metrics/measurementWindow.js';
import { MeshMetrics } from './metrics/meshMetrics.js';
import { Network } from './network.js';
import type { Replica } from './replica.js';
import { createDataPlane, type DataPlane } from './dataPlane/dataPlane.js';
import { TrafficSource, type SourceReplica } from './trafficSource.js';
import { buildServices } from './meshTopology.js';
import { workloadIdentity, type WorkloadIdentity } from './workload.js';
import type { SampledTraces, TracingOptions } from './tracing/traceData.js';
import { Tracer } from './tracing/tracer.js';

/** What one simulated run (one replication) produced. */
export interface MeshRunOutput {
  readonly metrics: MeshMetrics;
  /** Events executed. */
  readonly events: number;
  /** Virtual time at which the run stopped (seconds), drain included. */
  readonly endedAt: number;
  /** Things the run noticed that change how to read it (deduplicated, in the order first seen). */
  readonly warnings: readonly string[];
  /** The sampled requests' traces, when the run was traced. */
  readonly traces?: SampledTraces;
}

/** Options of one run; the scenario's simulation block supplies the rest. */
export interface MeshRunOptions {
  readonly seed: number;
  /** How long past the window's end to let in-flight requests finish (seconds). */
  readonly drainLimit?: number;
  /** Trace a sample of the measured requests (off when absent). */
  readonly tracing?: TracingOptions;
  /** The replication's index (its traces' ids tell replications apart). */
  readonly replication?: number;
}

/**
 * Builds the simulated mesh of a scenario and runs it once: a pure function of
 * (scenario, seed). Entities are built in declaration order and every random
 * choice comes from a stream named after its component.
 *
 * The data plane (dataPlane/dataPlane.ts) says where every workload's calls go: straight
 * to a replica (`none`), or through its proxies (sidecars, ztunnels and waypoints, the
 * kernel path and node Envoys), deciding with the scenario's Istio resources.
 */
export function runMesh(scenario: Scenario, options: MeshRunOptions): MeshRunOutput {
  const steps = meshRunSteps(scenario, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * Events per step of a stepped run: a few milliseconds of simulation, so the CLI can
 * move a progress bar and answer Ctrl-C within one replication, while the steps' own
 * cost stays far below measurement noise.
 */
export const EVENTS_PER_STEP = 1 << 16;

/**
 * The same run as runMesh, in steps: yields the simulated clock every EVENTS_PER_STEP
 * events and returns the output. The events run in exactly the same order as in one
 * go, so the results are the same whoever drives the steps and however they pause.
 */
export function* meshRunSteps(scenario: Scenario, options: MeshRunOptions): Generator<number, MeshRunOutput, void> {
  const { warmup, duration } = scenario.simulation;
  const window = new MeasurementWindow(warmup, warmup + duration);
  const sim = new Simulator(4096);
  const streams = new RandomStreams(options.seed);
  const metrics = new MeshMetrics(window);
  const network = new Network(scenario.zones, scenario.network);
  const warnings = new Set<string>();
  let idle = false;
  const activity = new MeshActivity(() => {
    idle = true;
    sim.stop();
  });

  const topology = buildServices(scenario, { sim, window, network, streams, metrics });
  const { services, replicas, identities, resolve, locality } = topology;
  const endpointRegistry = new EndpointRegistry(replicas.length, scenario.controlPlane, sim);

  // The data plane: where each workload's calls go.
  // Its own stream: sampling draws nothing another component would.
  const tracer = options.tracing && new Tracer(sim, streams.stream('trace', 'sample'), options.tracing, options.seed, options.replication ?? 0);
  const sourceIds = scenario.traffic.reduce((n, t) => n + t.replicas, 0);
  const plane = createDataPlane({
    scenario,
    sim,
    window,
    network,
    streams,
    metrics,
    activity,
    topology,
    endpointRegistry,
    firstFreeWorkloadId: replicas.length + sourceIds,
    warn: (m) => void warnings.add(m),
  });
  for (const r of replicas) r.outbound = plane.outboundForReplica(r, identities[r.id] as WorkloadIdentity);
  // A replica that goes down closes its connections; every caller's pool drops them.
  for (const r of replicas) r.onDown = (down) => plane.replicaDown(down);

  let nextWorkloadId = replicas.length;
  const sources = scenario.traffic.map((t, sourceIndex) => {
    const zone = network.zone(t.zone);
    const sourceReplicas: SourceReplica[] = [];
    for (let k = 0; k < t.replicas; k++) {
      const origin = { callerName: t.name, callerIndex: services.size + sourceIndex, zone };
      const identity = workloadIdentity(t.name, { app: t.name }, locality(t.zone), zone, nextWorkloadId++, t.trustDomain);
      sourceReplicas.push({ origin, outbound: plane.outboundForSource(identity, k) });
    }
    return new TrafficSource(
      t,
      sourceReplicas,
      resolve(t.to),
      new ArrivalProcess(t.rate, t.arrivals, streams.stream('traffic', t.name)),
      streams.stream('traffic', t.name, 'replica'),
      sim,
      window,
      metrics.endToEnd,
      activity,
      tracer,
    );
  });
  for (const s of sources) s.start();
  new FaultScheduler(sim, network, services, replicas, endpointRegistry).schedule(scenario.faults);

  yield* runInSteps(sim, window.end, () => idle);
  // Drain: no new arrivals; run until everything begun has finished, or the limit.
  activity.startDraining();
  const drainLimit = options.drainLimit ?? Math.max(60, duration);
  if (!idle) yield* runInSteps(sim, window.end + drainLimit, () => idle);
  for (const s of sources) s.abandonInFlight();
  const end = Math.max(sim.now, window.end);
  for (const r of replicas) r.flush(end);
  metrics.endToEnd.inFlight.flush(end);
  accountCost(metrics, replicas, plane);
  tracer?.closeOpenSpans(end);
  const traces = tracer && { traces: tracer.traces, capped: tracer.capped };
  return { metrics, events: sim.eventsProcessed, endedAt: sim.now, warnings: [...warnings], ...(traces && { traces }) };
}

/** sim.run(until), EVENTS_PER_STEP events at a time, yielding the clock between steps. */
function* runInSteps(sim: Simulator, until: number, stopped: () => boolean): Generator<number, void, void> {
  for (;;) {
    const before = sim.eventsProcessed;
    sim.run(until, EVENTS_PER_STEP);
    // Fewer events than a step: the calendar passed `until` (the clock is set to it) or ran dry.
    if (stopped() || sim.eventsProcessed - before < EVENTS_PER_STEP) return;
    yield sim.now;
  }
}

/** What the run consumed: proxies' CPU and memory, app memory, cross-zone bytes (the cost block's inputs). */
function accountCost(metrics: MeshMetrics, replicas: readonly Replica[], plane: DataPlane): void {
  const cost = metrics.cost;
  cost.appMemoryBytes = replicas.reduce((sum, r) => sum + r.version.spec.memory, 0);
  for (const p of plane.processors) {
    cost.meshCpuSeconds += p.cpuSeconds;
    cost.meshMemoryBytes += p.cost.memory;
    cost.proxies[p.kind] = (cost.proxies[p.kind] ?? 0) + 1;
    cost.proxyCpuSeconds[p.kind] = (cost.proxyCpuSeconds[p.kind] ?? 0) + p.cpuSeconds;
    cost.proxyMemoryBytes[p.kind] = (cost.proxyMemoryBytes[p.kind] ?? 0) + p.cost.memory;
  }
  if (plane.kind !== 'none') cost.crossZoneBytes += plane.crossZoneBytes;
}

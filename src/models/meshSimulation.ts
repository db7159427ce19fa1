import { compilePolicy } from '../policy/compilePolicy.js';
import { createDistribution } from './distributionFromSpec.js';
import { RandomStreams } from '../sim/randomStreams.js';
import { Simulator } from '../sim/simulator.js';
import type { Scenario } from '../scenarios/scenario.js';
import { ArrivalProcess } from './arrivalProcess.js';
import { DirectTransport } from './directTransport.js';
import { EndpointRegistry } from './endpointRegistry.js';
import { FaultScheduler } from './faultScheduler.js';
import { MeshActivity } from './meshActivity.js';
import { MeasurementWindow } from './metrics/measurementWindow.js';
import { MeshMetrics } from './metrics/meshMetrics.js';
import { Network } from './network.js';
import type { DataPlaneKind } from '../scenarios/scenario.js';
import { DataPlaneBuilder } from './dataPlane/dataPlaneBuilder.js';
import type { ProxyWorkers } from './dataPlane/proxyWorkers.js';
import type { ProxyContext } from './proxy/proxyContext.js';
import { Replica } from './replica.js';
import { TrafficSource, type SourceReplica } from './trafficSource.js';
import { buildServices } from './meshTopology.js';
import { workloadIdentity, type WorkloadIdentity } from './workload.js';

/** What one simulated run (one replication) produced. */
export interface MeshRunOutput {
  readonly metrics: MeshMetrics;
  /** Events executed. */
  readonly events: number;
  /** Virtual time at which the run stopped (seconds), drain included. */
  readonly endedAt: number;
  /** Things the run noticed that change how to read it (deduplicated, in the order first seen). */
  readonly warnings: readonly string[];
}

/** Options of one run; the scenario's simulation block supplies the rest. */
export interface MeshRunOptions {
  readonly seed: number;
  /** How long past the window's end to let in-flight requests finish (seconds). */
  readonly drainLimit?: number;
}

/**
 * Builds the simulated mesh of a scenario and runs it once: a pure function of
 * (scenario, seed). Entities are built in declaration order and every random
 * choice comes from a stream named after its component.
 *
 * With `dataPlane: none` calls go straight to a replica (DirectTransport). With a
 * data plane, DataPlaneBuilder places its proxies (sidecars, ztunnels and waypoints,
 * kernel path and node Envoys) and every workload — traffic sources included —
 * calls through them, deciding with the scenario's Istio resources.
 */
export function runMesh(scenario: Scenario, options: MeshRunOptions): MeshRunOutput {
  const { warmup, duration } = scenario.simulation;
  const window = new MeasurementWindow(warmup, warmup + duration);
  const sim = new Simulator(4096);
  const streams = new RandomStreams(options.seed);
  const metrics = new MeshMetrics(window);
  const network = new Network(scenario.zones, scenario.network);
  const warnings = new Set<string>();
  let idle = false;
  let proxyContext: ProxyContext | undefined;
  const activity = new MeshActivity(() => {
    idle = true;
    sim.stop();
  });

  const topology = buildServices(scenario, { sim, window, network, streams, metrics });
  const { services, replicas, identities, endpoints, replicaOfEndpoint, resolve, locality } = topology;
  const endpointRegistry = new EndpointRegistry(replicas.length, scenario.controlPlane, sim);

  // The data plane: where each workload's calls go.
  const direct = scenario.dataPlane === 'none';
  if (direct && scenario.istio.length > 0) {
    warnings.add(`dataPlane is none: the scenario's ${scenario.istio.length} Istio resource(s) have no effect (no proxy enforces them)`);
  }
  let directTransport: DirectTransport | undefined;
  let plane: DataPlaneBuilder | undefined;
  const sourceIds = scenario.traffic.reduce((n, t) => n + t.replicas, 0);
  if (direct) {
    directTransport = new DirectTransport(sim, network, metrics, streams, activity, endpointRegistry, services.size + scenario.traffic.length);
    for (const r of replicas) r.outbound = directTransport;
  } else {
    const serverSide = new Map<Replica, readonly ProxyWorkers[]>();
    const ctx: ProxyContext = {
      sim,
      network,
      metrics,
      streams,
      activity,
      services,
      endpoints,
      replicaOfEndpoint,
      endpointRegistry,
      mtlsHandshake: createDistribution(scenario.network.mtlsHandshake),
      serverSide: (r) => serverSide.get(r) ?? [],
      crossZoneBytes: 0,
      warn: (m) => void warnings.add(m),
    };
    proxyContext = ctx;
    const builder = new DataPlaneBuilder(scenario.dataPlane as Exclude<DataPlaneKind, 'none'>, scenario, compilePolicy(scenario.istio).policy, ctx, sim, window, streams, replicas.length + sourceIds);
    plane = builder;
    builder.analyse(services.values(), (r) => identities[r.id] as WorkloadIdentity, (m) => void warnings.add(m));
    for (const r of replicas) {
      const identity = identities[r.id] as WorkloadIdentity;
      r.outbound = builder.forReplica(r, identity);
      serverSide.set(r, builder.serverSide(r, identity));
    }
    // A replica that goes down closes its connections; every caller's pool drops them.
    for (const r of replicas) r.onDown = (down) => builder.proxies.forEach((p) => p.dropConnectionsTo(down.id));
  }

  let nextWorkloadId = replicas.length;
  const sources = scenario.traffic.map((t, sourceIndex) => {
    const zone = network.zone(t.zone);
    const sourceReplicas: SourceReplica[] = [];
    for (let k = 0; k < t.replicas; k++) {
      const origin = { callerName: t.name, callerIndex: services.size + sourceIndex, zone };
      if (plane === undefined) {
        sourceReplicas.push({ origin, outbound: directTransport as DirectTransport });
      } else {
        const identity = workloadIdentity(t.name, { app: t.name }, locality(t.zone), zone, nextWorkloadId++, t.trustDomain);
        sourceReplicas.push({ origin, outbound: plane.forSource(identity, k) });
      }
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
    );
  });
  for (const s of sources) s.start();
  new FaultScheduler(sim, network, services, replicas, endpointRegistry).schedule(scenario.faults);

  sim.run(window.end);
  // Drain: no new arrivals; run until everything begun has finished, or the limit.
  activity.startDraining();
  const drainLimit = options.drainLimit ?? Math.max(60, duration);
  if (!idle) sim.run(window.end + drainLimit);
  for (const s of sources) s.abandonInFlight();
  const end = Math.max(sim.now, window.end);
  for (const r of replicas) r.flush(end);
  metrics.endToEnd.inFlight.flush(end);
  accountCost(metrics, replicas, plane, proxyContext);
  return { metrics, events: sim.eventsProcessed, endedAt: sim.now, warnings: [...warnings] };
}

/** What the run consumed: proxies' CPU and memory, app memory, cross-zone bytes (the cost block's inputs). */
function accountCost(metrics: MeshMetrics, replicas: readonly Replica[], plane: DataPlaneBuilder | undefined, ctx: ProxyContext | undefined): void {
  const cost = metrics.cost;
  cost.appMemoryBytes = replicas.reduce((sum, r) => sum + r.version.spec.memory, 0);
  if (plane === undefined || ctx === undefined) return;
  for (const p of plane.processors) {
    cost.meshCpuSeconds += p.cpuSeconds;
    cost.meshMemoryBytes += p.cost.memory;
    cost.proxies[p.kind] = (cost.proxies[p.kind] ?? 0) + 1;
    cost.proxyCpuSeconds[p.kind] = (cost.proxyCpuSeconds[p.kind] ?? 0) + p.cpuSeconds;
    cost.proxyMemoryBytes[p.kind] = (cost.proxyMemoryBytes[p.kind] ?? 0) + p.cost.memory;
  }
  cost.crossZoneBytes += ctx.crossZoneBytes;
}

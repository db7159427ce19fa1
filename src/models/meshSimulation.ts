import { createDistribution } from '../sim/distributions.js';
import { RandomStreams } from '../sim/randomStreams.js';
import { Simulator } from '../sim/simulator.js';
import type { Scenario } from '../scenarios/scenario.js';
import { App } from './app.js';
import { ArrivalProcess } from './arrivalProcess.js';
import { DirectTransport } from './directTransport.js';
import { FaultScheduler } from './faultScheduler.js';
import { MeasurementWindow } from './metrics/measurementWindow.js';
import { MeshMetrics } from './metrics/meshMetrics.js';
import { Network } from './network.js';
import { Replica } from './replica.js';
import type { ServiceRuntime } from './serviceRuntime.js';
import { TrafficSource } from './trafficSource.js';
import type { OutboundTransport } from './transport.js';
import type { VersionRuntime } from './versionRuntime.js';

/** What one simulated run (one replication) produced. */
export interface MeshRunOutput {
  readonly metrics: MeshMetrics;
  /** Events executed. */
  readonly events: number;
  /** Virtual time at which the run stopped (seconds), drain included. */
  readonly endedAt: number;
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
 */
export function runMesh(scenario: Scenario, options: MeshRunOptions): MeshRunOutput {
  const { warmup, duration } = scenario.simulation;
  const window = new MeasurementWindow(warmup, warmup + duration);
  const sim = new Simulator(4096);
  const streams = new RandomStreams(options.seed);
  const metrics = new MeshMetrics(window);
  const network = new Network(scenario.zones, scenario.network);
  const transport: OutboundTransport = new DirectTransport(sim, network, metrics, streams);

  const services = new Map<string, ServiceRuntime>();
  const replicas: Replica[] = [];
  for (const spec of scenario.services) {
    const service: ServiceRuntime = { name: spec.name, versions: [], replicas: [] };
    services.set(spec.name, service);
    for (const v of spec.versions) {
      const version: VersionRuntime = {
        name: v.name,
        service,
        spec: v,
        concurrency: v.concurrency,
        queueLimit: v.queueLimit,
        serviceTime: createDistribution(v.serviceTime),
        workRng: streams.stream(`service/${spec.name}/${v.name}/work`),
        appRng: streams.stream(`service/${spec.name}/${v.name}/app`),
        metrics: metrics.version(spec.name, v.name),
        replicas: [],
        app: undefined as unknown as App, // set below, once every service exists
      };
      version.metrics.workerCapacity = v.concurrency * v.replicaZones.length;
      for (const zoneName of v.replicaZones) {
        const replica = new Replica(replicas.length, version, network.zone(zoneName), sim, window);
        replicas.push(replica);
        version.replicas.push(replica);
        service.replicas.push(replica);
      }
      service.versions.push(version);
    }
  }
  const resolve = (name: string): ServiceRuntime => {
    const s = services.get(name);
    if (!s) throw new Error(`unknown service ${name}`);
    return s;
  };
  for (const service of services.values()) {
    for (const version of service.versions) version.app = new App(version, version.spec.calls, resolve, transport, sim);
  }

  const sources = scenario.traffic.map(
    (t) =>
      new TrafficSource(
        t,
        network.zone(t.zone),
        resolve(t.to),
        new ArrivalProcess(t.rate, t.arrivals, streams.stream(`traffic/${t.name}`)),
        transport,
        sim,
        window,
        metrics.endToEnd,
      ),
  );
  for (const s of sources) s.start();
  new FaultScheduler(sim, network, services, replicas).schedule(scenario.faults);

  sim.run(window.end);
  // Drain: no new arrivals; let what began in the window finish.
  const drainLimit = options.drainLimit ?? Math.max(60, duration);
  sim.run(window.end + drainLimit);
  for (const s of sources) s.abandonInFlight();
  for (const r of replicas) r.flush(sim.now);
  metrics.endToEnd.inFlight.flush(sim.now);
  return { metrics, events: sim.eventsProcessed, endedAt: sim.now };
}

import { compilePolicy } from '../../../src/policy/compilePolicy.js';
import type { IstioResource } from '../../../src/policy/manifest.js';
import { MeshActivity } from '../../../src/models/meshActivity.js';
import { MeasurementWindow } from '../../../src/models/metrics/measurementWindow.js';
import { MeshMetrics } from '../../../src/models/metrics/meshMetrics.js';
import { buildServices, type MeshTopology } from '../../../src/models/meshTopology.js';
import { Network } from '../../../src/models/network.js';
import type { Outcome } from '../../../src/models/outcome.js';
import { EndpointRegistry } from '../../../src/models/endpointRegistry.js';
import { InboundStep, type InboundConfig } from '../../../src/models/proxy/inboundStep.js';
import { createProxyContext, type ProxyContext } from '../../../src/models/proxy/proxyContext.js';
import { SidecarProxy } from '../../../src/models/proxy/sidecarProxy.js';
import type { Replica } from '../../../src/models/replica.js';
import type { ServiceRuntime } from '../../../src/models/serviceRuntime.js';
import type { CallRequest, CallSink } from '../../../src/models/transport.js';
import { workloadIdentity, type WorkloadIdentity } from '../../../src/models/workload.js';
import { loadScenario } from '../../../src/scenarios/loadScenario.js';
import { createDistribution } from '../../../src/sim/distributions.js';
import { RandomStreams } from '../../../src/sim/randomStreams.js';
import { Simulator } from '../../../src/sim/simulator.js';

/**
 * A bare Simulator and the few real objects a proxy machine needs, without the CLI, the
 * experiments or a data plane: the services of test/fixtures/proxy/unit-mesh.yaml (two
 * `server` replicas, 10 ms each, one at a time), a caller's sidecar deciding with the
 * given Istio resources, and each replica's inbound step (no proxy costs: `hops` empty
 * unless a test gives its own). Calls are made with `call()` and answer into a recording
 * sink — the stub transport's far end.
 */
export interface ProxyBench {
  readonly sim: Simulator;
  readonly ctx: ProxyContext;
  readonly topology: MeshTopology;
  readonly server: ServiceRuntime;
  readonly replicas: readonly Replica[];
  readonly caller: SidecarProxy;
  readonly inbound: (r: Replica) => InboundStep;
  /** A call from the caller's app to `server`; its answer (and when) lands in the returned record. */
  call(headers?: Record<string, string>): Answer;
}

export interface Answer {
  outcome: Outcome | undefined;
  at: number;
}

export type Resource = Omit<IstioResource, 'index'>;

/** What an inbound config may use: the bench's simulator and streams. */
export interface BenchEngine {
  readonly sim: Simulator;
  readonly streams: RandomStreams;
}

export function proxyBench(istio: Resource[] = [], inbound: (r: Replica, engine: BenchEngine) => Partial<InboundConfig> = () => ({})): ProxyBench {
  const { scenario } = loadScenario('test/fixtures/proxy/unit-mesh.yaml');
  const sim = new Simulator();
  const window = new MeasurementWindow(0, 1000);
  const streams = new RandomStreams(1);
  const metrics = new MeshMetrics(window);
  const network = new Network(scenario.zones, scenario.network);
  const topology = buildServices(scenario, { sim, window, network, streams, metrics });
  const registry = new EndpointRegistry(topology.replicas.length, scenario.controlPlane, sim);
  const policy = compilePolicy(istio.map((r, index) => ({ ...r, index }))).policy;
  const activity = new MeshActivity(() => {});
  const steps: InboundStep[] = [];
  const mtlsHandshake = createDistribution(scenario.network.mtlsHandshake);
  const inboundOf = (r: Replica): InboundStep => steps[r.id] as InboundStep;
  const ctx = createProxyContext({ sim, network, metrics, streams, activity, topology, endpointRegistry: registry, mtlsHandshake, inbound: inboundOf, warn: () => {} });
  for (const r of topology.replicas) {
    const config: InboundConfig = { hops: [], inboundPool: undefined, retryRandom: undefined, ...inbound(r, { sim, streams }) };
    steps[r.id] = new InboundStep(r, config, sim, activity, topology.identities[r.id] as WorkloadIdentity);
  }
  const zone = network.zone(scenario.zones[0]?.name ?? 'default');
  const me = workloadIdentity('client', { app: 'client' }, topology.locality(scenario.zones[0]?.name ?? 'default'), zone, topology.replicas.length);
  const caller = new SidecarProxy(me, 'client#0', ctx, policy, undefined);
  const server = topology.resolve('server');
  return {
    sim,
    ctx,
    topology,
    server,
    replicas: server.replicas,
    caller,
    inbound: inboundOf,
    call(headers = {}) {
      const answer: Answer = { outcome: undefined, at: -1 };
      const sink: CallSink = {
        callDone(o: Outcome) {
          answer.outcome = o;
          answer.at = sim.now;
        },
      };
      const request: CallRequest = { headers, measured: true, method: 'GET', path: '/', requestSize: 1024 };
      caller.call({ callerName: 'client', callerIndex: 1, zone }, server, request, sink);
      return answer;
    },
  };
}

/** A DestinationRule for `server` with this traffic policy. */
export function destinationRule(trafficPolicy: Record<string, unknown>): Resource {
  return { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'server', namespace: 'default' }, spec: { host: 'server', trafficPolicy } };
}

/** A VirtualService routing `server` with this route's extra fields (timeout, retries, …). */
export function virtualService(route: Record<string, unknown>): Resource {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name: 'server', namespace: 'default' },
    spec: { hosts: ['server'], http: [{ route: [{ destination: { host: 'server' } }], ...route }] },
  };
}

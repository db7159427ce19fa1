import type { Endpoint } from '../policy/endpoint.js';
import type { Locality } from '../policy/request.js';
import type { Scenario } from '../scenarios/scenario.js';
import { createDistribution } from './distributionFromSpec.js';
import type { RandomStreams } from '../sim/randomStreams.js';
import type { Simulator } from '../sim/simulator.js';
import { App } from './app.js';
import type { MeasurementWindow } from './metrics/measurementWindow.js';
import type { MeshMetrics } from './metrics/meshMetrics.js';
import type { Network } from './network.js';
import { Replica } from './replica.js';
import type { ServiceRuntime } from './serviceRuntime.js';
import type { VersionRuntime } from './versionRuntime.js';
import { endpointOf, workloadIdentity, type WorkloadIdentity } from './workload.js';

/** A scenario's services at run time, and how the mesh sees their replicas. */
export interface MeshTopology {
  readonly services: Map<string, ServiceRuntime>;
  /** Every replica, its dense id its index. */
  readonly replicas: Replica[];
  /** Each replica's identity, by replica id. */
  readonly identities: WorkloadIdentity[];
  /** Each service's endpoints (one per replica), as EDS would push them. */
  readonly endpoints: Map<ServiceRuntime, Endpoint[]>;
  /**
   * The replica behind each endpoint, by endpoint id: `replicas` itself, since an
   * endpoint's id is its replica's. An array, not a Map: every attempt looks it up,
   * and 9,000 entries in a hash table are a cold miss or two each time.
   */
  readonly replicaOfEndpoint: readonly Replica[];
  resolve(name: string): ServiceRuntime;
  /** Region/zone of a zone name. */
  locality(zone: string): Locality;
}

export interface TopologyContext {
  readonly sim: Simulator;
  readonly window: MeasurementWindow;
  readonly network: Network;
  readonly streams: RandomStreams;
  readonly metrics: MeshMetrics;
}

/**
 * Services, versions and replicas in declaration order, each version with its own
 * streams (`service/<name>/<version>/work|app|retries`) and app, each replica with its identity
 * (labels app and version; an implicit version has no version label) and endpoint.
 */
export function buildServices(scenario: Scenario, { sim, window, network, streams, metrics }: TopologyContext): MeshTopology {
  const zoneOf = new Map(scenario.zones.map((z) => [z.name, z]));
  const locality = (zone: string): Locality => ({ region: zoneOf.get(zone)?.region ?? '', zone, subzone: '' });
  const services = new Map<string, ServiceRuntime>();
  const replicas: Replica[] = [];
  const identities: WorkloadIdentity[] = [];
  const endpoints = new Map<ServiceRuntime, Endpoint[]>();
  for (const spec of scenario.services) {
    const service: ServiceRuntime = { name: spec.name, index: services.size, versions: [], replicas: [] };
    services.set(spec.name, service);
    const serviceEndpoints: Endpoint[] = [];
    endpoints.set(service, serviceEndpoints);
    for (const v of spec.versions) {
      const version: VersionRuntime = {
        name: v.name,
        service,
        spec: v,
        concurrency: v.concurrency,
        queueLimit: v.queueLimit,
        serviceTime: createDistribution(v.serviceTime),
        workRng: streams.stream('service', spec.name, v.name, 'work'),
        appRng: streams.stream('service', spec.name, v.name, 'app'),
        retryRng: streams.stream('service', spec.name, v.name, 'retries'),
        metrics: metrics.version(spec.name, v.name),
        replicas: [],
        app: undefined as unknown as App, // set below, once every service exists
      };
      version.metrics.workerCapacity = v.concurrency * v.replicaZones.length;
      const labels: Record<string, string> = spec.implicitVersion ? { app: spec.name } : { app: spec.name, version: v.name };
      for (const zoneName of v.replicaZones) {
        const replica = new Replica(replicas.length, version, network.zone(zoneName), sim, window, metrics.endToEnd.perSecond);
        const identity = workloadIdentity(spec.name, labels, locality(zoneName), replica.zone, replica.id);
        const endpoint = endpointOf(replica.id, identity); // endpoint id = replica id (replicaOfEndpoint)
        replicas.push(replica);
        identities.push(identity);
        version.replicas.push(replica);
        service.replicas.push(replica);
        serviceEndpoints.push(endpoint);
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
    for (const version of service.versions) version.app = new App(version, version.spec.calls, resolve, sim, metrics);
  }

  return { services, replicas, identities, endpoints, replicaOfEndpoint: replicas, resolve, locality };
}

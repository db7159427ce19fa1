import type { Endpoint } from '../../policy/endpoint.js';
import type { Distribution } from '../../sim/distributions.js';
import type { RandomStreams } from '../../sim/randomStreams.js';
import type { Simulator } from '../../sim/simulator.js';
import type { EndpointRegistry } from '../endpointRegistry.js';
import type { MeshActivity } from '../meshActivity.js';
import type { MeshMetrics } from '../metrics/meshMetrics.js';
import type { Network } from '../network.js';
import type { Replica } from '../replica.js';
import type { ServiceRuntime } from '../serviceRuntime.js';
import type { MeshTopology } from '../meshTopology.js';
import type { InboundStep } from './inboundStep.js';

/** What every proxy of a run shares: the mesh as the control plane knows it, and the run's services. */
export interface ProxyContext {
  readonly sim: Simulator;
  readonly network: Network;
  readonly metrics: MeshMetrics;
  readonly streams: RandomStreams;
  readonly activity: MeshActivity;
  readonly services: ReadonlyMap<string, ServiceRuntime>;
  /** Every service's endpoints (one per replica), as EDS would push them. */
  readonly endpoints: ReadonlyMap<ServiceRuntime, readonly Endpoint[]>;
  /** The replica behind each endpoint, by endpoint id. */
  readonly replicaOfEndpoint: readonly Replica[];
  /** Which replicas the control plane publishes as endpoints now. */
  readonly endpointRegistry: EndpointRegistry;
  /** Time to set up mTLS on a new connection beyond the TCP round trip and the handshake CPU. */
  readonly mtlsHandshake: Distribution;
  /** The server-side step at a replica's end (its proxies, authorization, inbound cluster, app). */
  inbound(replica: Replica): InboundStep;
  /** Bytes that crossed zones for measured requests (cost: cross-zone transfer). */
  crossZoneBytes: number;
  /** Warnings raised while running (deduplicated by text, ending with their code: codedWarning), e.g. outlier detection that cannot eject. */
  warn(message: string): void;
}

/** What a proxy context is made of: the run's engine and the mesh its topology built. */
export interface ProxyContextParts {
  readonly sim: Simulator;
  readonly network: Network;
  readonly metrics: MeshMetrics;
  readonly streams: RandomStreams;
  readonly activity: MeshActivity;
  readonly topology: Pick<MeshTopology, 'services' | 'endpoints' | 'replicaOfEndpoint'>;
  readonly endpointRegistry: EndpointRegistry;
  readonly mtlsHandshake: Distribution;
  inbound(replica: Replica): InboundStep;
  warn(message: string): void;
}

export function createProxyContext(p: ProxyContextParts): ProxyContext {
  return {
    sim: p.sim,
    network: p.network,
    metrics: p.metrics,
    streams: p.streams,
    activity: p.activity,
    services: p.topology.services,
    endpoints: p.topology.endpoints,
    replicaOfEndpoint: p.topology.replicaOfEndpoint,
    endpointRegistry: p.endpointRegistry,
    mtlsHandshake: p.mtlsHandshake,
    inbound: p.inbound,
    crossZoneBytes: 0,
    warn: p.warn,
  };
}

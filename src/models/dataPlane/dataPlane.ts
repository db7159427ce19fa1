import type { DataPlaneKind, Scenario } from '../../scenarios/scenario.js';
import type { RandomStreams } from '../../sim/randomStreams.js';
import type { Simulator } from '../../sim/simulator.js';
import type { EndpointRegistry } from '../endpointRegistry.js';
import type { MeshActivity } from '../meshActivity.js';
import type { MeasurementWindow } from '../metrics/measurementWindow.js';
import type { MeshMetrics } from '../metrics/meshMetrics.js';
import type { MeshTopology } from '../meshTopology.js';
import type { Network } from '../network.js';
import type { Replica } from '../replica.js';
import type { OutboundTransport } from '../transport.js';
import type { WorkloadIdentity } from '../workload.js';
import { AmbientDataPlane } from './ambientDataPlane.js';
import { DirectDataPlane } from './directDataPlane.js';
import { EbpfDataPlane } from './ebpfDataPlane.js';
import type { ProxyWorkers } from './proxyWorkers.js';
import { SidecarDataPlane } from './sidecarDataPlane.js';

/**
 * Where a data plane's proxies sit, what they cost and which one decides each call
 * (docs/architecture.md: "a new data plane changes where proxies sit and what they cost, never the
 * policy"). Every data plane answers the same questions, and one conformance test
 * (test/models/dataPlane/dataPlaneConformance.test.ts) holds each to them.
 */
export interface DataPlane {
  readonly kind: DataPlaneKind;
  /** Where a service replica's app sends its calls. */
  outboundForReplica(replica: Replica, identity: WorkloadIdentity): OutboundTransport;
  /** Where replica `index` of a traffic source sends its requests. */
  outboundForSource(identity: WorkloadIdentity, index: number): OutboundTransport;
  /** A replica went down: connections to it are gone. */
  replicaDown(replica: Replica): void;
  /** Proxy instances with a cost, in the order they were placed (CPU and memory accounting). */
  readonly processors: readonly ProxyWorkers[];
  /** Bytes of measured requests the proxies carried across zones (the direct path counts its own into the metrics). */
  readonly crossZoneBytes: number;
}

/** What a data plane is built from: the run's engine, the mesh, and where warnings go. */
export interface DataPlaneInputs {
  readonly scenario: Scenario;
  readonly sim: Simulator;
  readonly window: MeasurementWindow;
  readonly network: Network;
  readonly streams: RandomStreams;
  readonly metrics: MeshMetrics;
  readonly activity: MeshActivity;
  readonly topology: MeshTopology;
  readonly endpointRegistry: EndpointRegistry;
  /** Dense workload ids from here on are free (for waypoints and node proxies). */
  readonly firstFreeWorkloadId: number;
  warn(message: string): void;
}

/** One constructor per data plane; a kind without one does not compile. */
const DATA_PLANES: { readonly [K in DataPlaneKind]: (inputs: DataPlaneInputs) => DataPlane } = {
  none: (i) => new DirectDataPlane(i),
  sidecar: (i) => new SidecarDataPlane(i),
  ambient: (i) => new AmbientDataPlane(i),
  ebpf: (i) => new EbpfDataPlane(i),
};

export function createDataPlane(inputs: DataPlaneInputs): DataPlane {
  return DATA_PLANES[inputs.scenario.dataPlane](inputs);
}

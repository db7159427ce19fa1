import { ISTIO_UNLIMITED } from '../../policy/retryBudget.js';
import type { ConnectionPoolConfig } from '../../policy/connectionPool.js';
import type { InboundConfig } from '../proxy/inboundStep.js';
import type { ProxyPolicy } from '../proxy/proxyPolicy.js';
import type { Replica } from '../replica.js';
import type { OutboundTransport } from '../transport.js';
import type { WorkloadIdentity } from '../workload.js';
import { DataPlaneTransport } from './dataPlaneTransport.js';
import { ProxyDataPlane } from './proxyDataPlane.js';
import type { ProxyWorkers } from './proxyWorkers.js';

/**
 * `dataPlane: sidecar`: an Envoy beside every replica and every traffic-source replica.
 * The caller's sidecar decides (L7, the full policy); the callee's is on the path, with
 * its inbound cluster (the DestinationRule's connection pool, Istio's inbound retries).
 */
export class SidecarDataPlane extends ProxyDataPlane {
  readonly kind = 'sidecar' as const;
  private readonly sidecars = new Map<Replica, { readonly workers: ProxyWorkers; readonly name: string }>();

  protected replicaOutbound(replica: Replica, identity: WorkloadIdentity): OutboundTransport {
    const workers = this.processor(`sidecar ${identity.name}#${replica.id}`, 'sidecar', this.inputs.scenario.dataPlanes.sidecar, `sidecar ${identity.name}`);
    const name = this.replicaName(replica);
    this.sidecars.set(replica, { workers, name });
    const proxy = this.proxy(identity, name, this.policy, workers);
    return new DataPlaneTransport(identity, this.ctx, () => ({ pre: undefined, decider: proxy }));
  }

  outboundForSource(identity: WorkloadIdentity, index: number): OutboundTransport {
    const workers = this.processor(`sidecar ${identity.name}#${index}`, 'sidecar', this.inputs.scenario.dataPlanes.sidecar, `sidecar ${identity.name}`);
    const proxy = this.proxy(identity, `${identity.name}#${index}`, this.policy, workers);
    return new DataPlaneTransport(identity, this.ctx, () => ({ pre: undefined, decider: proxy }));
  }

  protected inboundConfig(replica: Replica, identity: WorkloadIdentity): InboundConfig {
    const sidecar = this.sidecars.get(replica) as { workers: ProxyWorkers; name: string };
    return {
      hops: [sidecar.workers],
      inboundPool: inboundClusterPool(this.policy, replica.version.service.name, identity.namespace),
      retryRandom: this.ctx.streams.stream('inbound', sidecar.name),
    };
  }
}

/**
 * The connection pool of a sidecar's inbound cluster for `service`, or undefined when it
 * limits nothing. Istio gives the inbound cluster the DestinationRule's top-level pool
 * (port-level settings resolved for the port; never a subset's) as the server's own
 * namespace sees the rule — istio/istio 86c9f01f, pilot/pkg/networking/core/
 * cluster_builder.go buildInboundCluster → cluster_traffic_policy.go applyTrafficPolicy,
 * which applies only the connection pool to inbound clusters. meshsim's calls carry no
 * port, so `port` is left out by the model.
 */
export function inboundClusterPool(policy: ProxyPolicy, service: string, namespace: string, port?: number): ConnectionPoolConfig | undefined {
  const pool = policy.destinationPolicy(service, { clientNamespace: namespace, ...(port !== undefined ? { port } : {}) }).connectionPool;
  return limitsAnything(pool) ? pool : undefined;
}

/** A pool with every limit at Istio's 2^32−1 and keep-alive unlimited never refuses nor waits: skip it. */
function limitsAnything(pool: ConnectionPoolConfig): boolean {
  return (
    pool.maxConnections !== ISTIO_UNLIMITED ||
    pool.maxPendingRequests !== ISTIO_UNLIMITED ||
    pool.maxRequests !== ISTIO_UNLIMITED ||
    pool.maxRequestsPerConnection !== undefined
  );
}

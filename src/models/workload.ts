import type { Endpoint } from '../policy/endpoint.js';
import type { Locality, PolicySource } from '../policy/request.js';

import { DEFAULT_TRUST_DOMAIN, MESH_NAMESPACE } from '../scenarios/scenario.js';

export { MESH_NAMESPACE };

/**
 * Who a workload is, as Istio sees it: labels (app, version), namespace, service
 * account principal, locality and pod IP. Traffic sources are workloads too.
 */
export interface WorkloadIdentity {
  /** Service or traffic-source name (its `app` label and service account). */
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly namespace: string;
  /** SPIFFE identity without the scheme: <trust domain>/ns/<ns>/sa/<name> (trust domain cluster.local by default). */
  readonly principal: string;
  readonly locality: Locality;
  /** Zone index in the Network. */
  readonly zone: number;
  readonly ip: string;
  /** The workload as a request's source: over mTLS (with principal) and plaintext. Built once. */
  readonly asSource: { readonly mtls: PolicySource; readonly plaintext: PolicySource };
}

/** A pod IP derived from a dense id: 10.(id>>16).(id>>8 & 255).(id & 255)+1, unique per workload. */
export function podIp(id: number): string {
  return `10.${(id >> 16) & 255}.${(id >> 8) & 255}.${(id & 255) + 1}`;
}

export function workloadIdentity(
  name: string,
  labels: Readonly<Record<string, string>>,
  locality: Locality,
  zone: number,
  id: number,
  trustDomain: string = DEFAULT_TRUST_DOMAIN,
): WorkloadIdentity {
  const principal = `${trustDomain}/ns/${MESH_NAMESPACE}/sa/${name}`;
  const ip = podIp(id);
  // Two literals, not a spread: a spread object gets a hidden class of its own in V8, and
  // the policy reads these on every call (one class per workload went megamorphic).
  const plaintext: PolicySource = { labels, namespace: MESH_NAMESPACE, ip, locality };
  const mtls: PolicySource = { labels, namespace: MESH_NAMESPACE, ip, locality, principal };
  return { name, labels, namespace: MESH_NAMESPACE, principal, locality, zone, ip, asSource: { mtls, plaintext } };
}

/** The workload as the endpoint of a cluster (load balancing, subsets, outlier detection). */
export function endpointOf(id: number, w: WorkloadIdentity): Endpoint {
  return { id, labels: w.labels, locality: w.locality, weight: 1, address: w.ip };
}

/**
 * The caller as the policy sees it. The principal (and with it the namespace that
 * AuthorizationPolicy `namespaces` match) is only known over mTLS.
 */
export function policySource(w: WorkloadIdentity, mtls: boolean): PolicySource {
  return mtls ? w.asSource.mtls : w.asSource.plaintext;
}

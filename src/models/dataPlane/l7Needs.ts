import type { CompiledPolicy } from '../../policy/compilePolicy.js';
import type { ServiceRuntime } from '../serviceRuntime.js';
import type { WorkloadIdentity } from '../workload.js';

/** A resource that needs an L7 proxy on the path to a service, and the fields that need it. */
export interface L7Dependency {
  readonly resource: string;
  readonly fields: Set<string>;
}

/**
 * What of the Istio resources needs an L7 hop to reach `service` (a VirtualService, a
 * DestinationRule's subsets, balancer, pools or outlier detection, an AuthorizationPolicy
 * with HTTP attributes), gathered over its versions' server workloads.
 */
export function l7Dependencies(policy: CompiledPolicy, service: ServiceRuntime, identityOf: (replicaId: number) => WorkloadIdentity): L7Dependency[] {
  const deps = new Map<string, L7Dependency>();
  for (const v of service.versions) {
    const r = v.replicas[0];
    if (r === undefined) continue;
    const server = identityOf(r.id);
    for (const d of policy.l7Dependencies(service.name, { labels: server.labels, namespace: server.namespace })) {
      const entry = deps.get(d.resource) ?? { resource: d.resource, fields: new Set<string>() };
      d.fields.forEach((f) => entry.fields.add(f));
      deps.set(d.resource, entry);
    }
  }
  return [...deps.values()];
}

import type { CompiledAuthorizationPolicy } from './authorizationPolicy.js';
import type { CompiledDestinationRule } from './destinationRule.js';
import type { CompiledVirtualService } from './virtualService.js';

/**
 * What in the Istio resources needs an L7 (HTTP-aware) proxy to take effect for
 * traffic to one service: a data plane whose path has no L7 hop (ambient without a
 * waypoint) does not enforce these, exactly as in a cluster, and meshsim says so by
 * naming each resource and field.
 */
export interface L7Dependency {
  /** "VirtualService default/reviews". */
  readonly resource: string;
  readonly resourceIndex: number;
  /** Fields that need L7, as paths in the resource ("spec.http[0].retries"). */
  readonly fields: readonly string[];
}

/** HTTP routing, retries, timeouts, faults and mirrors of a VirtualService. */
export function virtualServiceL7Fields(vs: CompiledVirtualService): string[] {
  const fields: string[] = [];
  vs.http.forEach((r, i) => {
    const at = `spec.http[${r.index ?? i}]`;
    if (r.matches.length > 0) fields.push(`${at}.match`);
    if (r.action.kind === 'route' && r.action.destinations.entries.length > 1) fields.push(`${at}.route (weights)`);
    if (r.action.kind === 'route' && r.action.destinations.entries.some((e) => e.value.subset !== undefined)) fields.push(`${at}.route.destination.subset`);
    if (r.action.kind !== 'route') fields.push(`${at}.${r.action.kind}`);
    if (r.retry.source === 'virtual-service') fields.push(`${at}.retries`);
    if (r.timeoutSeconds !== undefined) fields.push(`${at}.timeout`);
    if (r.fault !== undefined) fields.push(`${at}.fault`);
    if (r.mirrors.length > 0) fields.push(`${at}.mirror`);
  });
  return fields;
}

/**
 * DestinationRule parts that L7 proxies apply (in ambient they take effect at a
 * waypoint): subsets, HTTP load balancing, HTTP connection-pool limits, outlier
 * detection, retry budget. TLS settings are L4 and do not count.
 */
export function destinationRuleL7Fields(dr: CompiledDestinationRule): string[] {
  const fields: string[] = [];
  if (dr.subsets.size > 0) fields.push('spec.subsets');
  const parts = dr.trafficPolicy?.parts;
  if (parts?.loadBalancer !== undefined) fields.push('spec.trafficPolicy.loadBalancer');
  if (parts?.connectionPool !== undefined) fields.push('spec.trafficPolicy.connectionPool');
  if (parts?.outlierDetection !== undefined) fields.push('spec.trafficPolicy.outlierDetection');
  if (parts?.retryBudget !== undefined) fields.push('spec.trafficPolicy.retryBudget');
  if ((dr.trafficPolicy?.portLevel.size ?? 0) > 0) fields.push('spec.trafficPolicy.portLevelSettings');
  return fields;
}

/** L7 fields of an AuthorizationPolicy's rules (HTTP methods, paths, hosts, headers, JWT). */
export function authorizationL7Fields(p: CompiledAuthorizationPolicy): string[] {
  return p.rules.flatMap((r, i) => r.l7Fields.map((f) => (f.startsWith('spec.') ? f : `spec.rules[${i}].${f}`)));
}

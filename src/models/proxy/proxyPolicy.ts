import type { AuthzDecision, AuthzWorkload } from '../../policy/authorizationPolicy.js';
import type { CompiledPolicy, ConnectionTarget } from '../../policy/compilePolicy.js';
import type { DestinationPolicy } from '../../policy/destinationRule.js';
import type { ConnectionOutcome } from '../../policy/mtlsOutcome.js';
import type { RandomSource } from '../../policy/randomSource.js';
import type { PolicyRequest } from '../../policy/request.js';
import type { RouteDecision, RouteMemo } from '../../policy/routeTable.js';

/**
 * What a proxy asks the policy engine. An L7 proxy (sidecar, waypoint, node Envoy)
 * asks the CompiledPolicy itself; an L4 path (ztunnel without a waypoint, the eBPF
 * kernel path) sees only what L4 can enforce (l4PolicyView.ts).
 */
export interface ProxyPolicy {
  /** `memo`: the caller's RouteMemo for this target (routeTable.ts), if it keeps one. */
  route(request: PolicyRequest, random: RandomSource, memo?: RouteMemo): RouteDecision;
  destinationPolicy(host: string, opts?: { subset?: string; port?: number; clientNamespace?: string }): DestinationPolicy;
  subsetSelector(host: string, subset: string, clientNamespace?: string): Readonly<Record<string, string>> | undefined;
  connectionOutcome(target: ConnectionTarget): ConnectionOutcome;
  authorize(request: PolicyRequest, workload: AuthzWorkload): AuthzDecision;
  /** False when no AuthorizationPolicy applies to `workload`: authorize would allow every request, so a caller need not build one. */
  authorizationApplies(workload: AuthzWorkload): boolean;
}

/** The full policy, for L7 proxies. */
export function l7Policy(policy: CompiledPolicy): ProxyPolicy {
  return policy;
}

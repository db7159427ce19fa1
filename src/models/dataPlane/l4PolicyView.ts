import type { AuthzDecision, AuthzWorkload } from '../../policy/authorizationPolicy.js';
import type { CompiledPolicy, ConnectionTarget } from '../../policy/compilePolicy.js';
import type { DestinationPolicy } from '../../policy/destinationRule.js';
import { ISTIO_DEFAULT_CONNECTION_POOL } from '../../policy/connectionPool.js';
import { DEFAULT_LOAD_BALANCER_CONFIG } from '../../policy/loadBalancing/loadBalancerConfig.js';
import type { ConnectionOutcome } from '../../policy/mtlsOutcome.js';
import type { RandomSource } from '../../policy/randomSource.js';
import type { PolicyRequest } from '../../policy/request.js';
import { NO_RETRY_POLICY } from '../../policy/retryPolicy.js';
import type { RouteDecision } from '../../policy/routeTable.js';
import type { ProxyPolicy } from '../proxy/proxyPolicy.js';

/**
 * What an L4-only path enforces of the Istio resources: no HTTP routing (the whole
 * service, no subsets, no weights), no retries, no HTTP timeouts, no fault injection,
 * no outlier detection or HTTP pool limits, random endpoint choice; authorization on
 * L4 attributes only (CompiledPolicy.authorizeL4). Transport security is the data
 * plane's own: ambient's ztunnels always speak mTLS (HBONE) and ignore DISABLE
 * PeerAuthentications; the eBPF path encrypts per packet (WireGuard-style) with
 * per-node keys (its handshake cost is 0 in the kernel's cost spec). What is not
 * enforced is reported by the mesh builder as warnings.
 */
export function l4PolicyView(policy: CompiledPolicy, transport: 'hbone' | 'kernel'): ProxyPolicy {
  const defaultPolicy: DestinationPolicy = {
    loadBalancer: { ...DEFAULT_LOAD_BALANCER_CONFIG, algorithm: 'RANDOM' },
    connectionPool: ISTIO_DEFAULT_CONNECTION_POOL,
  };
  // Both carry workload identity (HBONE mTLS; Cilium's mutual authentication), so L4
  // authorization on principals and namespaces works; only the handshake cost differs.
  const established: ConnectionOutcome = { established: true, transport: 'mtls', reason: 'MutualTls', clientMode: 'ISTIO_MUTUAL', autoMtls: true };
  void transport;
  const routes = new Map<string, RouteDecision>();
  return {
    route(request: PolicyRequest, _random: RandomSource): RouteDecision {
      let d = routes.get(request.host);
      if (d === undefined) {
        d = {
          kind: 'route',
          reason: 'DefaultRoute',
          destination: { host: request.host },
          destinationIndex: 0,
          fault: { delaySeconds: 0 },
          bypassResilience: false,
          mirrors: [],
          retry: NO_RETRY_POLICY,
        };
        routes.set(request.host, d);
      }
      return d;
    },
    destinationPolicy: () => defaultPolicy,
    subsetSelector: () => undefined,
    connectionOutcome: (_t: ConnectionTarget) => established,
    authorize: (request: PolicyRequest, workload: AuthzWorkload): AuthzDecision => policy.authorizeL4(request, workload),
    authorizationApplies: (workload: AuthzWorkload): boolean => policy.authorizationApplies(workload),
  };
}

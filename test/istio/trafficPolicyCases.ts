import { expect } from 'vitest';
import type { DestinationPolicy } from '../../src/policy/destinationRule.js';
import { OutlierDetector } from '../../src/policy/outlierDetector.js';
import { ISTIO_UNLIMITED } from '../../src/policy/retryBudget.js';
import { inboundClusterPool } from '../../src/models/dataPlane/sidecarDataPlane.js';
import { dr, FILES, policyOf, type PeerCase } from './peerCase.js';

/** The merged policy a client applies toward reviews (subset, port), as its cluster is built. */
function toward(spec: object, opts: { subset?: string; port?: number } = {}): DestinationPolicy {
  return policyOf(dr({ host: 'reviews', ...spec })).destinationPolicy('reviews', opts);
}
const rr = { simple: 'ROUND_ROBIN' };
const lc = { simple: 'LEAST_REQUEST' };
const TM = 'TestMergeSubsetTrafficPolicy';
const TO = 'TestApplyOutlierDetection';
const sub = (trafficPolicy?: object) => [{ name: 'v1', labels: { version: 'v1' }, ...(trafficPolicy ? { trafficPolicy } : {}) }];

/** Feeds `statuses` to a fresh detector for one host; returns whether it ejected. */
function ejects(p: DestinationPolicy, statuses: number[]): boolean {
  const od = p.outlierDetection;
  if (od === undefined) return false;
  const d = new OutlierDetector(od, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0);
  let ejected = false;
  for (const s of statuses) if (d.onResult(1, { cause: 'upstreamResponse', status: s }, 1)?.result === 'Ejected') ejected = true;
  return ejected;
}

export const trafficPolicyCases: PeerCase[] = [
  {
    family: 'traffic-policy', file: FILES.util, test: `${TM}/all nil policies`,
    expectation: 'no policies: nothing set (Istio defaults)',
    check: () => expect(toward({})).toMatchObject({ connectionPool: { maxConnections: ISTIO_UNLIMITED }, loadBalancer: { algorithm: 'LEAST_REQUEST' } }),
  },
  {
    family: 'traffic-policy', file: FILES.util, test: `${TM}/no subset policy`,
    expectation: 'a subset without a policy takes the top-level one',
    check: () => expect(toward({ trafficPolicy: { connectionPool: { tcp: { maxConnections: 10 } } }, subsets: sub() }, { subset: 'v1' }).connectionPool.maxConnections).toBe(10),
  },
  {
    family: 'traffic-policy', file: FILES.util, test: `${TM}/no parent policy`,
    expectation: 'only a subset policy: it applies',
    check: () => expect(toward({ subsets: sub({ connectionPool: { tcp: { maxConnections: 10 } } }) }, { subset: 'v1' }).connectionPool.maxConnections).toBe(10),
  },
  {
    family: 'traffic-policy', file: FILES.util, test: `${TM}/merge non-conflicting fields`,
    expectation: 'top-level tls and subset connectionPool both apply',
    check: () => {
      const p = toward({ trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } }, subsets: sub({ connectionPool: { tcp: { maxConnections: 10 } } }) }, { subset: 'v1' });
      expect([p.tls, p.connectionPool.maxConnections]).toEqual(['ISTIO_MUTUAL', 10]);
    },
  },
  {
    family: 'traffic-policy', file: FILES.util, test: `${TM}/subset overwrite top-level fields`,
    expectation: 'a subset component replaces the top-level one whole',
    check: () => {
      const p = toward({ trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' }, connectionPool: { tcp: { maxConnections: 10 } } }, subsets: sub({ tls: { mode: 'DISABLE' }, connectionPool: { tcp: { maxConnections: 20 } } }) }, { subset: 'v1' });
      expect([p.tls, p.connectionPool.maxConnections]).toEqual(['DISABLE', 20]);
    },
  },
  {
    family: 'traffic-policy', file: FILES.util, test: `${TM}/merge port level policy, and do not inherit top-level fields`,
    expectation: 'a matching port-level entry replaces the top-level components: its load balancer applies, the top-level connection pool does not',
    check: () => {
      const p = toward({ trafficPolicy: { loadBalancer: rr, connectionPool: { tcp: { maxConnections: 10 } }, portLevelSettings: [{ port: { number: 8080 }, loadBalancer: lc }] } }, { port: 8080 });
      expect([p.loadBalancer.algorithm, p.connectionPool.maxConnections]).toEqual(['LEAST_REQUEST', ISTIO_UNLIMITED]);
    },
  },
  {
    family: 'traffic-policy', file: FILES.util, test: `${TM}/merge port level policy, and do not inherit top-level fields (subset port level)`,
    expectation: 'subset port-level outlier detection replaces everything from the subset level down; the subset\'s own pool is dropped on that port',
    check: () => {
      const p = toward({ trafficPolicy: { loadBalancer: rr, outlierDetection: { consecutive5xxErrors: 20 } }, subsets: sub({ loadBalancer: lc, connectionPool: { tcp: { maxConnections: 10 } }, portLevelSettings: [{ port: { number: 8080 }, outlierDetection: { consecutive5xxErrors: 15 } }] }) }, { subset: 'v1', port: 8080 });
      expect([p.outlierDetection?.consecutive5xx, p.connectionPool.maxConnections, p.loadBalancer.algorithm]).toEqual([15, ISTIO_UNLIMITED, 'LEAST_REQUEST']);
    },
  },
  {
    family: 'traffic-policy', file: FILES.util, test: `${TM}/top-level retryBudget is preserved when subset has a traffic policy`,
    expectation: 'the subset\'s pool replaces the top-level pool, the top-level retryBudget stays',
    check: () => {
      const p = toward({ trafficPolicy: { connectionPool: { http: { maxRetries: 10 } }, retryBudget: { minRetryConcurrency: 5 } }, subsets: sub({ connectionPool: { http: { http2MaxRequests: 1000 } } }) }, { subset: 'v1' });
      expect([p.connectionPool.maxRequests, p.connectionPool.maxRetries, p.retryBudget?.minRetryConcurrency]).toEqual([1000, ISTIO_UNLIMITED, 5]);
    },
  },
  {
    family: 'traffic-policy', file: FILES.util, test: `${TM}/subset-level retryBudget overrides top-level retryBudget`,
    expectation: 'the subset\'s retryBudget wins',
    check: () => expect(toward({ trafficPolicy: { retryBudget: { minRetryConcurrency: 3 } }, subsets: sub({ retryBudget: { minRetryConcurrency: 10 } }) }, { subset: 'v1' }).retryBudget?.minRetryConcurrency).toBe(10),
  },
  {
    family: 'traffic-policy', file: FILES.util, test: `${TM}/default cluster, non-matching port selector`,
    expectation: 'port-level settings for another port do not apply: the merged top-level/subset policy stays',
    check: () => {
      const p = toward({ trafficPolicy: { loadBalancer: rr, outlierDetection: { consecutive5xxErrors: 20 }, portLevelSettings: [{ port: { number: 8080 }, outlierDetection: { consecutive5xxErrors: 15 } }] }, subsets: sub({ loadBalancer: rr, connectionPool: { tcp: { maxConnections: 10 } } }) }, { subset: 'v1', port: 9090 });
      expect([p.loadBalancer.algorithm, p.connectionPool.maxConnections, p.outlierDetection?.consecutive5xx]).toEqual(['ROUND_ROBIN', 10, 20]);
    },
  },
  {
    family: 'traffic-policy', file: 'pilot/pkg/networking/util/util.go (GetPortLevelTrafficPolicy; shadowCopyPortTrafficPolicy)', test: `${TM}/port-level copy drops retryBudget`,
    expectation: 'a top-level retryBudget is dropped on a port that a portLevelSettings entry matches (the port-level copy holds only pool, outlier detection, load balancer and TLS)',
    check: () => {
      const spec = { trafficPolicy: { retryBudget: { percent: 30 }, portLevelSettings: [{ port: { number: 8080 }, connectionPool: { tcp: { maxConnections: 5 } } }] } };
      expect([toward(spec, { port: 8080 }).retryBudget, toward(spec, { port: 9090 }).retryBudget?.percent]).toEqual([undefined, 30]);
    },
  },
  { family: 'traffic-policy', file: FILES.cluster, test: `${TO}/Nil outlier detection`, expectation: 'no outlierDetection: none', check: () => expect(toward({ trafficPolicy: { loadBalancer: rr } }).outlierDetection).toBeUndefined() },
  {
    family: 'traffic-policy', file: FILES.cluster, test: `${TO}/No outlier detection is set`,
    expectation: 'an empty block: Envoy defaults (5 consecutive 5xx enforced, gateway errors not enforced), success rate not enforced',
    check: () => expect(toward({ trafficPolicy: { outlierDetection: {} } }).outlierDetection).toMatchObject({ consecutive5xx: 5, enforceConsecutive5xx: true, enforceConsecutiveGatewayFailure: false }),
  },
  {
    family: 'traffic-policy', file: FILES.cluster, test: `${TO}/Consecutive gateway and 5xx errors are set`,
    expectation: '5xx 4 and gateway 3, both enforced at 100%',
    check: () => expect(toward({ trafficPolicy: { outlierDetection: { consecutive5xxErrors: 4, consecutiveGatewayErrors: 3 } } }).outlierDetection).toMatchObject({ consecutive5xx: 4, enforceConsecutive5xx: true, consecutiveGatewayFailure: 3, enforceConsecutiveGatewayFailure: true }),
  },
  {
    family: 'traffic-policy', file: FILES.cluster, test: `${TO}/Only consecutive gateway is set`,
    expectation: 'gateway 3 enforced; 5xx left at Envoy\'s default',
    check: () => expect(toward({ trafficPolicy: { outlierDetection: { consecutiveGatewayErrors: 3 } } }).outlierDetection).toMatchObject({ consecutiveGatewayFailure: 3, enforceConsecutiveGatewayFailure: true, consecutive5xx: 5, enforceConsecutive5xx: true }),
  },
  {
    family: 'traffic-policy', file: FILES.cluster, test: `${TO}/Only consecutive 5xx is set`,
    expectation: '5xx 3 enforced; gateway errors at Envoy\'s default (not enforced)',
    check: () => expect(toward({ trafficPolicy: { outlierDetection: { consecutive5xxErrors: 3 } } }).outlierDetection).toMatchObject({ consecutive5xx: 3, enforceConsecutive5xx: true, enforceConsecutiveGatewayFailure: false }),
  },
  {
    family: 'traffic-policy', file: FILES.cluster, test: `${TO}/Consecutive gateway is set to 0`,
    expectation: 'gateway 0: threshold 0 and enforcement 0%',
    check: () => expect(toward({ trafficPolicy: { outlierDetection: { consecutiveGatewayErrors: 0 } } }).outlierDetection).toMatchObject({ consecutiveGatewayFailure: 0, enforceConsecutiveGatewayFailure: false }),
  },
  {
    family: 'traffic-policy', file: FILES.cluster, test: `${TO}/Consecutive 5xx is set to 0`,
    expectation: '5xx 0: threshold 0 and enforcement 0% (no 5xx ejection)',
    check: () => {
      const p = toward({ trafficPolicy: { outlierDetection: { consecutive5xxErrors: 0 } } });
      expect([p.outlierDetection?.enforceConsecutive5xx, ejects(p, [500, 500, 500, 500, 500, 500])]).toEqual([false, false]);
    },
  },
  {
    family: 'traffic-policy', file: FILES.cluster, test: `${TO}/Local origin errors is enabled`,
    expectation: 'split local-origin mode with 10 consecutive local-origin failures, enforced',
    notModeled: 'split local-origin mode: meshsim counts connect failures and timeouts as 503/504, as the default mode does',
  },
  {
    family: 'traffic-policy', file: FILES.cluster, test: 'TestApplyOutlierDetectionErrorCodes/single outlier error code: direct header match',
    expectation: 'outlierDetectionHttpErrorCodes [429]: responses with :status 429 are the errors outlier detection counts',
    check: () => {
      const p = toward({ trafficPolicy: { outlierDetection: { consecutive5xxErrors: 3, outlierDetectionHttpErrorCodes: [429] } } });
      expect([ejects(p, [429, 429, 429]), ejects(p, [503, 503, 503, 503, 503])]).toEqual([true, false]);
    },
  },
  {
    family: 'traffic-policy', file: FILES.cluster, test: 'TestApplyOutlierDetectionErrorCodes/multiple outlier error codes: or_match predicate',
    expectation: 'codes [429, 503]: either status counts; others (500) do not',
    check: () => {
      const p = toward({ trafficPolicy: { outlierDetection: { consecutive5xxErrors: 3, outlierDetectionHttpErrorCodes: [429, 503] } } });
      expect([ejects(p, [429, 503, 429]), ejects(p, [500, 500, 500, 500])]).toEqual([true, false]);
    },
  },
  {
    family: 'traffic-policy', file: FILES.cluster, test: 'TestConnectionPoolSettings/destination rule settings no sidecar (outbound)',
    expectation: 'the outbound cluster takes the DestinationRule pool: pending 1, requests 2, per-connection 3, retries 4, connections 1, connect timeout 2 s, max duration 6 s',
    check: () => {
      const p = toward({ trafficPolicy: { connectionPool: { http: { http1MaxPendingRequests: 1, http2MaxRequests: 2, maxRequestsPerConnection: 3, maxRetries: 4 }, tcp: { maxConnections: 1, connectTimeout: '2s', tcpKeepalive: { probes: 3, time: '4s', interval: '5s' }, maxConnectionDuration: '6s' } } } });
      expect(p.connectionPool).toMatchObject({ maxPendingRequests: 1, maxRequests: 2, maxRequestsPerConnection: 3, maxRetries: 4, maxConnections: 1, connectTimeout: 2, maxConnectionDuration: 6 });
    },
  },
  {
    family: 'traffic-policy', file: FILES.cluster, test: 'TestConnectionPoolSettings/no settings',
    expectation: 'no connectionPool: Istio\'s defaults (every threshold 2^32−1)',
    check: () => expect(toward({}).connectionPool).toMatchObject({ maxConnections: ISTIO_UNLIMITED, maxPendingRequests: ISTIO_UNLIMITED, maxRequests: ISTIO_UNLIMITED, maxRetries: ISTIO_UNLIMITED }),
  },
  {
    family: 'traffic-policy', file: FILES.cluster, test: 'TestConnectionPoolSettings/destination rule settings no sidecar (inbound|10001, inbound|10002)',
    expectation: 'the server sidecar\'s inbound clusters take the DestinationRule pool too, so maxConnections caps a pod across all its callers',
    check: () => {
      const p = policyOf(dr({ host: 'reviews', trafficPolicy: { connectionPool: { http: { http1MaxPendingRequests: 1, http2MaxRequests: 2, maxRequestsPerConnection: 3, maxRetries: 4 }, tcp: { maxConnections: 1, connectTimeout: '2s' } } } }));
      expect(inboundClusterPool(p, 'reviews', 'default')).toMatchObject({ maxConnections: 1, maxPendingRequests: 1, maxRequests: 2, maxRequestsPerConnection: 3 });
    },
  },
  ...['sidecar settings no destination rule', 'sidecar overrides destination rule for inbound listeners', 'sidecar per-port rules override top-level rules'].map(
    (name): PeerCase => ({ family: 'traffic-policy', file: FILES.cluster, test: `TestConnectionPoolSettings/${name}`, expectation: 'Sidecar inboundConnectionPool (and per-port ingress pools) override the DestinationRule pool on inbound clusters', notModeled: 'Sidecar kind' }),
  ),
  ...([['defaults', undefined, ISTIO_UNLIMITED], ['port-level policy matched', 80, 100], ['port-level policy not matched', 8080, 1000]] as const).map(
    ([name, plPort, want]): PeerCase => ({
      family: 'traffic-policy', file: FILES.cluster, test: `TestBuildInboundClustersPortLevelCircuitBreakerThresholds/${name}`,
      expectation: `the inbound cluster for service port 80 gets maxConnections ${want === ISTIO_UNLIMITED ? '2^32−1 (defaults)' : want}`,
      check: () => {
        const p = policyOf(...(plPort === undefined ? [] : [dr({ host: 'backend', trafficPolicy: { connectionPool: { tcp: { maxConnections: 1000 } }, portLevelSettings: [{ port: { number: plPort }, connectionPool: { tcp: { maxConnections: 100 } } }] } })]));
        expect(inboundClusterPool(p, 'backend', 'default', 80)?.maxConnections ?? ISTIO_UNLIMITED).toBe(want);
      },
    }),
  ),
  {
    family: 'traffic-policy', file: FILES.cluster, test: 'TestDisablePanicThresholdAsDefault',
    expectation: 'with outlier detection and no minHealthPercent, the panic threshold is 0 (panic disabled)',
    check: () => expect(toward({ trafficPolicy: { outlierDetection: {} } }).outlierDetection?.healthyPanicThreshold).toBe(0),
  },
  {
    family: 'traffic-policy', file: FILES.cluster, test: 'TestApplyRingHashLoadBalancer/consistent hash settings (ring and maglev)',
    expectation: 'ringHash minimumRingSize sets the ring; maglev tableSize the table (default 65537)',
    check: () => {
      expect(toward({ trafficPolicy: { loadBalancer: { consistentHash: { httpHeaderName: 'x', ringHash: { minimumRingSize: 2048 } } } } }).loadBalancer.consistentHash?.ringHash?.minimumRingSize).toBe(2048);
      expect(toward({ trafficPolicy: { loadBalancer: { consistentHash: { httpHeaderName: 'x', maglev: { tableSize: 1009 } } } } }).loadBalancer).toMatchObject({ algorithm: 'MAGLEV', consistentHash: { maglevTableSize: 1009 } });
    },
  },
];

import { describe, expect, it } from 'vitest';
import { ISTIO_DEFAULT_CONNECTION_POOL } from '../../src/policy/connectionPool.js';
import { DEFAULT_LOAD_BALANCER_CONFIG } from '../../src/policy/loadBalancing/loadBalancerConfig.js';
import { compileYaml, errorsOf } from './policyFixtures.js';

const dr = `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews, namespace: default}
spec:
  host: reviews
  trafficPolicy:
    connectionPool: {tcp: {maxConnections: 100}}
    outlierDetection: {consecutive5xxErrors: 7, interval: 5s}
    tls: {mode: ISTIO_MUTUAL}
    portLevelSettings:
    - port: {number: 9443}
      tls: {mode: SIMPLE}
  subsets:
  - name: v1
    labels: {version: v1}
  - name: v2
    labels: {version: v2, track: stable}
    trafficPolicy:
      connectionPool: {http: {http1MaxPendingRequests: 5}}
      portLevelSettings:
      - port: {number: 9080}
        outlierDetection: {consecutive5xxErrors: 1}
`;

describe('DestinationRule merge (§4.4)', () => {
  const { policy, diagnostics } = compileYaml(dr);
  const p = (subset?: string, port?: number) => policy.destinationPolicy('reviews', { ...(subset ? { subset } : {}), ...(port ? { port } : {}) });

  it('compiles', () => expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]));

  it('top-level policy applies to the service and to subsets without their own', () => {
    const top = p();
    expect(top.destinationRule).toBe('default/reviews');
    expect(top.connectionPool.maxConnections).toBe(100);
    expect(top.outlierDetection?.consecutive5xx).toBe(7);
    expect(top.tls).toBe('ISTIO_MUTUAL');
    expect(p('v1')).toEqual(top);
  });

  it('a subset component replaces the top-level component whole (no field merge)', () => {
    const v2 = p('v2');
    // connectionPool came from the subset alone: top-level maxConnections 100 is gone.
    expect(v2.connectionPool.maxPendingRequests).toBe(5);
    expect(v2.connectionPool.maxConnections).toBe(ISTIO_DEFAULT_CONNECTION_POOL.maxConnections);
    // Components the subset does not set are inherited.
    expect(v2.outlierDetection?.consecutive5xx).toBe(7);
    expect(v2.tls).toBe('ISTIO_MUTUAL');
  });

  it('port-level settings replace all four port components; unset ones fall back to defaults', () => {
    const top9443 = p(undefined, 9443);
    expect(top9443.tls).toBe('SIMPLE');
    expect(top9443.connectionPool).toEqual(ISTIO_DEFAULT_CONNECTION_POOL);
    expect(top9443.outlierDetection).toBeUndefined();
    expect(top9443.loadBalancer).toEqual(DEFAULT_LOAD_BALANCER_CONFIG);
    const v2on9080 = p('v2', 9080);
    expect(v2on9080.outlierDetection?.consecutive5xx).toBe(1);
    expect(v2on9080.tls).toBeUndefined(); // auto mTLS: the subset's port entry has no tls
    expect(v2on9080.connectionPool).toEqual(ISTIO_DEFAULT_CONNECTION_POOL);
  });

  it('subsets are label selectors; unknown subsets have none', () => {
    expect(policy.subsetSelector('reviews', 'v2')).toEqual({ version: 'v2', track: 'stable' });
    expect(policy.subsetSelector('reviews.default.svc.cluster.local', 'v1')).toEqual({ version: 'v1' });
    expect(policy.subsetSelector('reviews', 'v3')).toBeUndefined();
  });

  it('no DestinationRule: Istio defaults (LEAST_REQUEST, unlimited pool, no outlier detection, auto mTLS)', () => {
    const d = policy.destinationPolicy('ratings');
    expect(d).toEqual({ loadBalancer: DEFAULT_LOAD_BALANCER_CONFIG, connectionPool: ISTIO_DEFAULT_CONNECTION_POOL });
  });
});

describe('DestinationRule selection', () => {
  const rules = `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: mesh-wide, namespace: istio-system}
spec:
  host: "*.local"
  trafficPolicy: {tls: {mode: ISTIO_MUTUAL}}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: ns-wide, namespace: prod}
spec:
  host: "*.prod.svc.cluster.local"
  trafficPolicy: {tls: {mode: DISABLE}}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: exact, namespace: prod}
spec:
  host: ratings
  exportTo: ["."]
  trafficPolicy: {tls: {mode: SIMPLE}}
`;
  const { policy } = compileYaml(rules);
  const used = (host: string, clientNamespace: string) => policy.destinationPolicy(host, { clientNamespace }).destinationRule;

  it('the most specific host in the preferred namespace wins; root namespace is the fallback', () => {
    expect(used('ratings', 'prod')).toBe('prod/exact');
    expect(used('reviews', 'prod')).toBe('prod/ns-wide');
    expect(used('reviews.dev', 'dev')).toBe('istio-system/mesh-wide');
  });

  it('exportTo "." hides a rule from other namespaces', () => {
    expect(used('ratings.prod', 'dev')).toBe('prod/ns-wide');
  });
});

describe('DestinationRule errors', () => {
  it('reports invalid tls modes, duplicate subsets and a missing host', () => {
    const r = compileYaml(`
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: a}
spec:
  host: reviews
  trafficPolicy: {tls: {mode: STRICT}}
  subsets: [{name: v1, labels: {version: v1}}, {name: v1, labels: {version: v2}}]
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: b}
spec:
  subsets: [{name: v1}]
`);
    expect(errorsOf(r)).toEqual([
      'spec.trafficPolicy.tls.mode: "STRICT" is not a TLS mode',
      'spec.subsets.1.name: duplicate subset name "v1"',
      'spec.host: is required',
    ]);
  });
});

describe('DestinationRule lookup stops at client, service and root namespaces', () => {
  it('ignores a rule in an unrelated namespace even when exported', () => {
    const r = compileYaml(`
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: elsewhere, namespace: team-x}
spec: {host: reviews.prod.svc.cluster.local, trafficPolicy: {tls: {mode: DISABLE}}}
`);
    expect(r.policy.destinationPolicy('reviews.prod', { clientNamespace: 'dev' }).destinationRule).toBeUndefined();
    expect(r.policy.destinationPolicy('reviews.prod', { clientNamespace: 'team-x' }).destinationRule).toBe('team-x/elsewhere');
  });
});

describe('locality failover without outlier detection', () => {
  const failoverRule = (extra: string): string => `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: helloworld, namespace: default}
spec:
  host: helloworld
  trafficPolicy:
    loadBalancer:
      localityLbSetting:
        enabled: true
        failover: [{from: region1, to: region2}]
${extra}`;

  it('warns at the localityLbSetting: Istio would put every endpoint in one priority', () => {
    const { diagnostics } = compileYaml(failoverRule(''));
    const w = diagnostics.find((d) => d.severity === 'warning' && d.path.join('.').endsWith('loadBalancer.localityLbSetting'));
    expect(w?.message).toMatch(/needs outlierDetection/);
  });

  it('says nothing when outlierDetection is there', () => {
    const { diagnostics } = compileYaml(failoverRule('    outlierDetection: {consecutive5xxErrors: 1}'));
    expect(diagnostics.filter((d) => /needs outlierDetection/.test(d.message))).toEqual([]);
  });
});

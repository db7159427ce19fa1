import { describe, expect, it } from 'vitest';
import { compilePolicy } from '../../../src/policy/compilePolicy.js';
import type { IstioResource } from '../../../src/policy/manifest.js';
import { inboundClusterPool } from '../../../src/models/dataPlane/sidecarDataPlane.js';
import { runMesh } from '../../../src/models/meshSimulation.js';
import { loadScenario } from '../../../src/scenarios/loadScenario.js';
import { failuresByText } from '../../../src/report/failureText.js';

/**
 * Istio applies a DestinationRule's connection pool to the server sidecar's inbound
 * cluster too. Decision-level cases from istio/istio at
 * 86c9f01fd735fb01d8192f5bcaf0d424afb7f14c, pilot/pkg/networking/core/cluster_test.go
 * TestBuildInboundClustersPortLevelCircuitBreakerThresholds (each `it` is one of its
 * cases, by name), run through the call the sidecar data plane makes; then the pool
 * capping one pod across its callers, through runMesh.
 */
function backendRule(trafficPolicy: Record<string, unknown>): IstioResource {
  return { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'acme', namespace: 'default' }, spec: { host: 'backend.default.svc.cluster.local', trafficPolicy }, index: 0 };
}

const PORT_LEVEL = {
  connectionPool: { tcp: { maxConnections: 1000 } },
  portLevelSettings: [{ port: { number: 80 }, connectionPool: { tcp: { maxConnections: 100 } } }],
};

describe('TestBuildInboundClustersPortLevelCircuitBreakerThresholds (pilot/pkg/networking/core/cluster_test.go)', () => {
  it('defaults: every threshold at 2^32-1, so the model needs no inbound pool', () => {
    const policy = compilePolicy([]).policy;
    expect(policy.destinationPolicy('backend', { clientNamespace: 'default', port: 80 }).connectionPool.maxConnections).toBe(2 ** 32 - 1);
    expect(inboundClusterPool(policy, 'backend', 'default', 80)).toBeUndefined();
  });

  it('port-level policy matched: MaxConnections 100', () => {
    const pool = inboundClusterPool(compilePolicy([backendRule(PORT_LEVEL)]).policy, 'backend', 'default', 80);
    expect([pool?.maxConnections, pool?.maxRequests, pool?.maxPendingRequests, pool?.maxRetries]).toEqual([100, 2 ** 32 - 1, 2 ** 32 - 1, 2 ** 32 - 1]);
  });

  it('port-level policy not matched: MaxConnections 1000', () => {
    const pool = inboundClusterPool(compilePolicy([backendRule(PORT_LEVEL)]).policy, 'backend', 'default', 8080);
    expect(pool?.maxConnections).toBe(1000);
  });
});

describe('the inbound cluster caps a pod across all its callers', () => {
  it('maxConnections 1: eight caller sidecars, each with its own client-side connection, still get one request at a time into the pod', () => {
    const { scenario } = loadScenario('test/fixtures/proxy/inbound-pool.yaml');
    const out = runMesh(scenario, { seed: 1 });
    const server = out.metrics.services.get('server')?.versions.get('default');
    const window = scenario.simulation.duration;
    // Mean requests in service: at most one (the inbound cluster's one connection), and busy nearly always.
    const inService = (server?.busyArea ?? 0) / window;
    expect(inService).toBeLessThanOrEqual(1);
    expect(inService).toBeGreaterThan(0.95);
    // 120/s offered to a pod that can take 100/s through one connection: the sidecar's pending queue overflows.
    expect(failuresByText(server?.failures ?? {})['inbound overflow']).toBeGreaterThan(0);
    // Each caller's own pool allowed it one connection, so without the server side two could be in service.
    for (const caller of ['a', 'b']) expect(out.metrics.edges.get(`${caller}→server`)?.requests).toBeGreaterThan(0);
  });
});

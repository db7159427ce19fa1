import { describe, expect, it } from 'vitest';
import { runScenario } from '../../../src/experiments/runScenario.js';
import type { DataPlanesSpec, DataPlaneKind, Scenario } from '../../../src/scenarios/scenario.js';
import { loadScenario } from '../../../src/scenarios/loadScenario.js';

const FIXTURES = 'test/fixtures/dataplane';

async function run(file: string, dataPlane: DataPlaneKind, waypoints?: DataPlanesSpec['waypoints']) {
  const { scenario } = loadScenario(file);
  const s: Scenario = { ...scenario, dataPlane, dataPlanes: { ...scenario.dataPlanes, ...(waypoints ? { waypoints } : {}) } };
  return runScenario(s, { workers: 1 });
}

describe('what each data plane enforces', () => {
  it('sidecar: the header route sends every canary request to v2', async () => {
    const { results } = await run(`${FIXTURES}/l7-policies.yaml`, 'sidecar');
    const v = results.services.backend?.versions ?? {};
    expect(v.v2?.requests).toBe(results.endToEnd.requests);
    expect(v.v1?.requests).toBe(0);
    expect(results.cost.proxies.sidecar?.count).toBe(5); // 4 replicas + 1 caller
  });

  it('ambient: a waypoint serves backend (its traffic needs L7), so the route holds', async () => {
    const { results, warnings } = await run(`${FIXTURES}/l7-policies.yaml`, 'ambient');
    expect(results.services.backend?.versions?.v2?.requests).toBe(results.endToEnd.requests);
    expect(results.cost.proxies.waypoint?.count).toBe(1);
    expect(results.cost.proxies.ztunnel?.count).toBeGreaterThanOrEqual(2);
    expect(warnings.filter((w) => w.includes('not enforced'))).toEqual([]);
  });

  it('ambient without waypoints: the route and retries are not enforced, and the run says which resource and field', async () => {
    const { results, warnings } = await run(`${FIXTURES}/l7-policies.yaml`, 'ambient', 'none');
    const v = results.services.backend?.versions ?? {};
    // L4 only: the whole service, picked at random — both versions serve.
    expect(v.v1?.requests).toBeGreaterThan(0.3 * results.endToEnd.requests);
    expect(v.v2?.requests).toBeGreaterThan(0.3 * results.endToEnd.requests);
    expect(results.cost.proxies.waypoint).toBeUndefined();
    const vs = warnings.find((w) => w.startsWith('VirtualService default/backend'));
    expect(vs).toMatch(/spec\.http\[0\]\.match/);
    expect(vs).toMatch(/spec\.http\[0\]\.retries/);
    expect(vs).toMatch(/not enforced for traffic to backend/);
    expect(warnings.find((w) => w.startsWith('DestinationRule default/backend'))).toMatch(/spec\.subsets/);
  });

  it('ebpf: calls to a service that needs L7 go through the caller node\'s Envoy, which enforces the route', async () => {
    const { results } = await run(`${FIXTURES}/l7-policies.yaml`, 'ebpf');
    expect(results.services.backend?.versions?.v2?.requests).toBe(results.endToEnd.requests);
    expect(results.cost.proxies.nodeEnvoy?.count).toBe(1);
    expect(results.cost.proxies.kernel?.count).toBeGreaterThanOrEqual(2);
  });

  it('an L7 AuthorizationPolicy: enforced at the waypoint; a ztunnel alone drops all traffic to the workload', async () => {
    const withWaypoint = await run(`${FIXTURES}/l7-authz.yaml`, 'ambient');
    expect(withWaypoint.results.endToEnd.availability).toBe(1);
    const l4 = await run(`${FIXTURES}/l7-authz.yaml`, 'ambient', 'none');
    expect(l4.results.endToEnd.availability).toBe(0);
    expect(l4.results.endToEnd.failures['RBAC: access denied']).toBe(l4.results.endToEnd.requests);
    expect(l4.warnings.find((w) => w.startsWith('AuthorizationPolicy default/allow-api'))).toMatch(/paths/);
  });

  it('same seed, different data planes: arrivals are identical (common random numbers)', async () => {
    const a = await run(`${FIXTURES}/l7-policies.yaml`, 'none');
    const b = await run(`${FIXTURES}/l7-policies.yaml`, 'ambient');
    expect(b.results.endToEnd.requests).toBe(a.results.endToEnd.requests);
  });
});

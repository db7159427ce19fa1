import { describe, expect, it } from 'vitest';
import { runMesh, type MeshRunOutput } from '../../../src/models/meshSimulation.js';
import type { IstioResource } from '../../../src/policy/manifest.js';
import type { DataPlaneKind, Scenario } from '../../../src/scenarios/scenario.js';
import { loadScenario } from '../../../src/scenarios/loadScenario.js';
import { failuresByCause } from '../../../src/report/failureText.js';

/**
 * One test file run against every data plane (the pattern test/policy/loadBalancing uses
 * for load balancers): the same mesh, driven through runMesh (no CLI), and the same
 * expectations — with a row per data plane for what legitimately differs (which proxies
 * it places, whether it enforces Istio resources at all).
 */
interface Plane {
  readonly kind: DataPlaneKind;
  /** Proxy kinds it places, with how many instances in this mesh (4 replicas, 1 source, 2 zones). */
  readonly proxies: Readonly<Record<string, number>>;
  /** Whether it enforces an AuthorizationPolicy (every data plane with proxies does). */
  readonly enforces: boolean;
  /** Whether a proxy with Istio's default retries decides these calls (L7 on the path without any resource: the sidecar only). */
  readonly retries: boolean;
}

const PLANES: readonly Plane[] = [
  { kind: 'none', proxies: {}, enforces: false, retries: false },
  { kind: 'sidecar', proxies: { sidecar: 5 }, enforces: true, retries: true },
  // One node per zone for the replicas (podsPerNode is large), one client node.
  { kind: 'ambient', proxies: { ztunnel: 3 }, enforces: true, retries: false },
  { kind: 'ebpf', proxies: { kernel: 3 }, enforces: true, retries: false },
];

const DENY_USERS: Omit<IstioResource, 'index'> = {
  apiVersion: 'security.istio.io/v1',
  kind: 'AuthorizationPolicy',
  metadata: { name: 'deny-users', namespace: 'default' },
  spec: { selector: { matchLabels: { app: 'frontend' } }, action: 'DENY', rules: [{ from: [{ source: { principals: ['cluster.local/ns/default/sa/users'] } }] }] },
};

function scenario(kind: DataPlaneKind, istio: Omit<IstioResource, 'index'>[] = []): Scenario {
  const { scenario: base } = loadScenario('test/fixtures/dataplane/conformance.yaml');
  return { ...base, dataPlane: kind, istio: istio.map((r, index) => ({ ...r, index })) };
}

function run(kind: DataPlaneKind, istio: Omit<IstioResource, 'index'>[] = []): MeshRunOutput {
  return runMesh(scenario(kind, istio), { seed: 3 });
}

const baseline = new Map(PLANES.map((p) => [p.kind, run(p.kind)]));

describe.each(PLANES)('data plane $kind', (plane) => {
  const out = baseline.get(plane.kind) as MeshRunOutput;
  const m = out.metrics;

  it('answers every user request once, and every service visit it causes is counted', () => {
    const e2e = m.endToEnd;
    expect(e2e.requests).toBeGreaterThan(3500);
    const frontend = m.services.get('frontend')?.versions.get('default');
    expect(frontend?.requests).toBe(e2e.requests);
    // Every frontend visit calls backend once; the caller records each call once, however many attempts.
    expect(m.edges.get('frontend→backend')?.requests).toBe(e2e.requests);
    expect(m.services.get('backend')?.versions.get('default')?.requests).toBeGreaterThanOrEqual(e2e.requests - e2e.failed);
    expect(Object.values(e2e.failures).reduce((a, b) => a + b, 0)).toBe(e2e.failed);
  });

  it('sees the same arrivals as every other data plane (common random numbers)', () => {
    expect(m.endToEnd.requests).toBe(baseline.get('none')?.metrics.endToEnd.requests);
  });

  it('is deterministic: the same seed gives the same run', () => {
    const again = run(plane.kind);
    expect(again.events).toBe(out.events);
    expect(again.metrics.endToEnd.latency.mean).toBe(m.endToEnd.latency.mean);
    expect(again.metrics.cost).toEqual(m.cost);
  });

  it(plane.retries ? 'retries calls the crashed replica failed' : 'fails calls to the crashed replica, with a typed cause', () => {
    const e2e = m.endToEnd;
    const retried = m.services.get('backend')?.retries ?? 0;
    if (plane.retries) expect(retried).toBeGreaterThan(0);
    else expect([retried, e2e.failed > 0]).toEqual([0, true]);
    expect(e2e.failed).toBeLessThan(0.2 * e2e.requests);
    // Frontend answers 500 when its call failed; the cause of that failure is on the edge.
    const causes = Object.keys(failuresByCause(m.edges.get('frontend→backend')?.failures ?? {}));
    expect(causes.length > 0).toBe(e2e.failed > 0);
    for (const c of causes) expect(['replicaUnreachable', 'replicaReset', 'connectFailure', 'connectionTermination']).toContain(c);
  });

  it('places its proxies and accounts their cost', () => {
    const kinds = Object.fromEntries(Object.entries(m.cost.proxies));
    expect(kinds).toEqual(plane.proxies);
    if (plane.kind === 'none') expect(m.cost.meshCpuSeconds).toBe(0);
    else expect(m.cost.meshCpuSeconds).toBeGreaterThan(0);
    // Users sit in zone a, frontend and backend have a replica in each zone.
    expect(m.cost.crossZoneBytes).toBeGreaterThan(0);
  });

  it(plane.enforces ? 'enforces an AuthorizationPolicy at the server end: every user request is denied' : 'enforces no Istio resource, and says so', () => {
    const denied = run(plane.kind, [DENY_USERS]);
    const e2e = denied.metrics.endToEnd;
    if (plane.enforces) {
      expect(e2e.failed).toBe(e2e.requests);
      expect(denied.metrics.services.get('frontend')?.versions.get('default')?.deniedBy).toEqual({ 'default/deny-users': e2e.requests });
      expect(failuresByCause(e2e.failures)).toEqual({ rbacDenied: e2e.requests });
    } else {
      expect(e2e.failed).toBe(m.endToEnd.failed);
      expect(denied.warnings.some((w) => w.includes('no effect'))).toBe(true);
    }
  });
});

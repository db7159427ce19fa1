/**
 * Every data plane's traces: one root per trace, every parent in the trace, children
 * starting within their parents, and the proxies each data plane has on the path —
 * sidecars; ztunnels (and a waypoint for L7); the kernel path (and a node Envoy for L7);
 * none at all without a data plane.
 */
import { describe, expect, it } from 'vitest';
import { runMesh } from '../../../src/models/meshSimulation.js';
import type { TraceData } from '../../../src/models/tracing/traceData.js';
import { loadScenario } from '../../../src/scenarios/loadScenario.js';
import type { DataPlaneKind, Scenario } from '../../../src/scenarios/scenario.js';

const base = loadScenario('scenarios/bookinfo-dataplanes.yaml', { duration: 2, warmup: 0.5 }).scenario;

function traced(dataPlane: DataPlaneKind, scenario: Scenario = base): TraceData[] {
  return runMesh({ ...scenario, dataPlane }, { seed: 3, tracing: { sample: 0.2, maxSpans: 1e6 }, replication: 0 }).traces!.traces;
}

const EXPECTED_PROXIES: Record<DataPlaneKind, { has: string[]; hasNot: string[] }> = {
  none: { has: [], hasNot: ['sidecar', 'ztunnel', 'waypoint', 'kernel', 'nodeEnvoy'] },
  sidecar: { has: ['sidecar'], hasNot: ['ztunnel', 'waypoint', 'kernel'] },
  ambient: { has: ['ztunnel'], hasNot: ['sidecar', 'kernel'] },
  ebpf: { has: ['kernel'], hasNot: ['sidecar', 'ztunnel', 'waypoint'] },
};

describe.each(['none', 'sidecar', 'ambient', 'ebpf'] as const)('traces under dataPlane %s', (dataPlane) => {
  const traces = traced(dataPlane);

  it('are trees: one root, parents inside the trace, children starting within their parent, end ≥ start', () => {
    expect(traces.length).toBeGreaterThan(20);
    for (const t of traces) {
      expect(t.spans.filter((s) => s.parent < 0)).toHaveLength(1);
      for (const s of t.spans) {
        expect(s.end).toBeGreaterThanOrEqual(s.start);
        if (s.parent < 0) continue;
        const parent = t.spans[s.parent]!;
        expect(parent.id).toBe(s.parent);
        expect(s.start).toBeGreaterThanOrEqual(parent.start - 1e-12);
      }
    }
  });

  it('show the proxies this data plane puts on the path', () => {
    const kinds = new Set(traces.flatMap((t) => t.spans.filter((s) => s.kind === 1 && / (inbound|outbound) (request|response)$/.test(s.name)).map((s) => s.name.split(' ')[0])));
    for (const k of EXPECTED_PROXIES[dataPlane].has) expect(kinds, k).toContain(k);
    for (const k of EXPECTED_PROXIES[dataPlane].hasNot) expect(kinds, k).not.toContain(k);
    // Every replica visit is a SERVER span with its version and zone.
    const servers = traces.flatMap((t) => t.spans.filter((s) => s.kind === 2));
    expect(servers.length).toBeGreaterThan(traces.length);
    for (const s of servers) {
      expect(s.attributes['service.version']).toMatch(/\S/);
      expect(s.attributes['meshsim.zone']).toMatch(/\S/);
    }
  });
});

describe('the waypoint in ambient traces', () => {
  it.each(['per-namespace', 'per-service'] as const)('waypoints: %s traces a waypoint pass as well as the ztunnels on an L7 path', (waypoints) => {
    const l7 = loadScenario('test/fixtures/dataplane/l7-policies.yaml', { duration: 2, warmup: 0.5 }).scenario;
    const traces = traced('ambient', { ...l7, dataPlanes: { ...l7.dataPlanes, waypoints } });
    expect(traces.length).toBeGreaterThan(20);
    for (const t of traces) {
      const passes = t.spans.filter((s) => / (inbound|outbound) (request|response)$/.test(s.name)).map((s) => s.name.split(' ')[0]);
      expect(passes).toContain('waypoint');
      expect(passes).toContain('ztunnel');
      expect(passes).not.toContain('sidecar');
    }
  });

  it('waypoints: none has no waypoint span', () => {
    const l7 = loadScenario('test/fixtures/dataplane/l7-policies.yaml', { duration: 2, warmup: 0.5 }).scenario;
    const traces = traced('ambient', { ...l7, dataPlanes: { ...l7.dataPlanes, waypoints: 'none' } });
    expect(traces.length).toBeGreaterThan(20);
    expect(traces.flatMap((t) => t.spans).some((s) => s.name.startsWith('waypoint'))).toBe(false);
  });
});

describe('retries in traces', () => {
  it('numbers the attempts of a retried call and marks the failed ones with status and flags', () => {
    const storm = loadScenario('scenarios/retry-storm-no-budget.yaml', { duration: 10, warmup: 1 }).scenario;
    const traces = runMesh(storm, { seed: 1, tracing: { sample: 1, maxSpans: 1e6 }, replication: 0 }).traces!.traces;
    const attempts = traces.flatMap((t) => t.spans.filter((s) => s.name.startsWith('attempt ')));
    const numbers = new Set(attempts.map((s) => s.attributes['meshsim.attempt']));
    expect(numbers.has(1) && numbers.has(2)).toBe(true);
    // A call's attempts are numbered 1, 2, … in the order they began.
    for (const t of traces) {
      const byParent = new Map<number, number[]>();
      for (const s of t.spans.filter((x) => x.name.startsWith('attempt '))) byParent.set(s.parent, [...(byParent.get(s.parent) ?? []), s.attributes['meshsim.attempt'] as number]);
      for (const list of byParent.values()) expect(list).toEqual(list.map((_, i) => i + 1));
    }
    const failed = attempts.filter((s) => s.error);
    expect(failed.length).toBeGreaterThan(0);
    for (const s of failed) expect(s.attributes['http.response.status_code']).toBeGreaterThanOrEqual(400);
    expect(failed.some((s) => typeof s.attributes['envoy.response_flags'] === 'string')).toBe(true);
  });
});

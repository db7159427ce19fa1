import { describe, expect, it } from 'vitest';
import { compilePolicy } from '../../src/policy/compilePolicy.js';
import type { IstioResource } from '../../src/policy/manifest.js';
import type { CallEdge } from '../../src/scenarios/callGraph.js';
import { outlierSweepsPerSecond } from '../../src/scenarios/outlierSweeps.js';
import type { ServiceSpec, TrafficSpec } from '../../src/scenarios/scenario.js';

// Only the fields outlierSweepsPerSecond reads are filled in.
const service = (name: string, ...replicasPerVersion: number[]): ServiceSpec =>
  ({ name, implicitVersion: false, versions: replicasPerVersion.map((n, i) => ({ name: `v${i + 1}`, replicaZones: Array.from({ length: n }, () => 'a') })) }) as unknown as ServiceSpec;
const traffic = (to: string, replicas: number): TrafficSpec => ({ name: `client-${to}`, to, replicas }) as unknown as TrafficSpec;
const edge = (from: string, to: string, version = 'v1'): CallEdge => ({ from, version, to, probability: 1, count: 1, path: [] });
const rule = (index: number, spec: unknown): IstioResource => ({ apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: `dr${index}`, namespace: 'default' }, spec, index });
const rules = (...resources: IstioResource[]) => {
  const r = compilePolicy(resources);
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.policy.destinationRuleList;
};

const services = [service('front', 2), service('reviews', 3, 1), service('ratings', 2)];
const edges = [edge('front', 'reviews'), edge('reviews', 'ratings', 'v1'), edge('reviews', 'ratings', 'v2')];
const sources = [traffic('front', 4), traffic('reviews', 5)];

describe('outlierSweepsPerSecond', () => {
  it('is zero when no DestinationRule detects outliers, so a mesh without one pays nothing', () => {
    expect(outlierSweepsPerSecond(rules(rule(0, { host: 'ratings', trafficPolicy: { connectionPool: { tcp: { maxConnections: 10 } } } })), services, sources, edges)).toBe(0);
    expect(outlierSweepsPerSecond([], services, sources, edges)).toBe(0);
  });

  it("counts every caller replica's cluster, and one more per subset, at the rule's interval", () => {
    // reviews is called by front's 2 replicas and by 5 traffic replicas: 7 clusters, times (1 + 2 subsets), every 2 s.
    const drs = rules(rule(0, { host: 'reviews', trafficPolicy: { outlierDetection: { interval: '2s' } }, subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }] }));
    expect(outlierSweepsPerSecond(drs, services, sources, edges)).toBeCloseTo((7 * 3) / 2, 12);
  });

  it("counts a caller's replicas of every version once, whichever versions make the call", () => {
    // ratings is called by both versions of reviews: 3 + 1 replicas, not counted per edge; default interval 10 s.
    expect(outlierSweepsPerSecond(rules(rule(0, { host: 'ratings', trafficPolicy: { outlierDetection: {} } })), services, sources, edges)).toBeCloseTo(4 / 10, 12);
  });

  it('takes the shortest interval the rule sets anywhere: top level, port level or a subset', () => {
    const spec = {
      host: 'ratings',
      trafficPolicy: { outlierDetection: { interval: '30s' }, portLevelSettings: [{ port: { number: 8080 }, outlierDetection: { interval: '5s' } }] },
      subsets: [{ name: 'v1', labels: { version: 'v1' }, trafficPolicy: { outlierDetection: { interval: '1s' } } }],
    };
    expect(outlierSweepsPerSecond(rules(rule(0, spec)), services, sources, edges)).toBeCloseTo((4 * 2) / 1, 12);
  });

  it('sums the services a wildcard host covers', () => {
    // front: 4 traffic replicas; reviews: 2 + 5; ratings: 4 — every service in the namespace.
    const drs = rules(rule(0, { host: '*.default.svc.cluster.local', trafficPolicy: { outlierDetection: { interval: '1s' } } }));
    expect(outlierSweepsPerSecond(drs, services, sources, edges)).toBeCloseTo(4 + 7 + 4, 12);
  });
});

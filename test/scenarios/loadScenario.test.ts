import { describe, expect, it } from 'vitest';
import { formatLocated, InputError } from '../../src/scenarios/inputError.js';
import { loadScenario } from '../../src/scenarios/loadScenario.js';
import { UNLIMITED } from '../../src/scenarios/scenario.js';

const valid = 'test/fixtures/scenarios/valid';

describe('loadScenario on the docs/contract.md example', () => {
  const { scenario, warnings } = loadScenario(`${valid}/contract-example.yaml`);

  it('reads the simulation block and the data plane', () => {
    expect(scenario.name).toBe('bookinfo');
    expect(scenario.file).toBe(`${valid}/contract-example.yaml`);
    expect(scenario.simulation).toEqual({ duration: 60, warmup: 5, seed: 1, replications: 1 });
    expect(scenario.dataPlane).toBe('sidecar');
    expect(scenario.zones).toEqual([
      { name: 'a', region: 'east' },
      { name: 'b', region: 'east' },
    ]);
    expect(scenario.network.sameZone).toEqual({ dist: 'constant', value: 0.0001 });
    expect(scenario.network.crossRegion).toEqual({ dist: 'constant', value: 0.03 });
  });

  it('resolves services, versions, placement and calls', () => {
    const [productpage, reviews, details, ratings, cache] = scenario.services;
    expect(productpage?.implicitVersion).toBe(true);
    expect(productpage?.versions).toHaveLength(1);
    const pp = productpage!.versions[0]!;
    expect(pp.name).toBe('default');
    expect(pp.replicaZones).toEqual(['a', 'b']);
    expect(pp.concurrency).toBe(16);
    expect(pp.queueLimit).toBe(1000);
    expect(pp.serviceTime).toEqual({ dist: 'exponential', mean: 0.005 });
    expect(pp.calls).toEqual([
      { kind: 'call', service: 'details', count: 1, probability: 1, method: 'GET', path: '/', requestSize: 1024 },
      {
        kind: 'parallel',
        calls: [
          { kind: 'call', service: 'reviews', count: 1, probability: 1, method: 'GET', path: '/', requestSize: 1024 },
          { kind: 'call', service: 'ratings', count: 3, probability: 1, method: 'GET', path: '/', requestSize: 1024 },
        ],
      },
      { kind: 'call', service: 'cache', count: 1, probability: 0.1, method: 'GET', path: '/', requestSize: 1024 },
    ]);
    expect(reviews?.implicitVersion).toBe(false);
    expect(reviews?.versions.map((v) => [v.name, v.replicaZones, v.calls.length])).toEqual([
      ['v1', ['a'], 0],
      ['v2', ['a'], 1],
    ]);
    expect(reviews?.versions[0]?.serviceTime).toEqual({ dist: 'constant', value: 0.002 });
    expect(details?.versions[0]?.serviceTime).toEqual({ dist: 'lognormal', median: 0.001, p99: 0.01 });
    expect(ratings?.versions[0]?.replicaZones).toEqual(['a', 'b', 'b']);
    expect(ratings?.versions[0]?.serviceTime).toEqual({
      dist: 'empirical',
      points: [
        { q: 0.5, value: 0.001 },
        { q: 0.9, value: 0.002 },
        { q: 0.99, value: 0.005 },
        { q: 0.999, value: 0.02 },
      ],
    });
    expect(cache?.versions[0]?.concurrency).toBe(UNLIMITED);
    expect(cache?.versions[0]?.queueLimit).toBe(UNLIMITED);
    expect(cache?.versions[0]?.serviceTime).toEqual({
      dist: 'mixture',
      of: [
        { weight: 0.75, dist: { dist: 'constant', value: 0.0002 } },
        { weight: 0.25, dist: { dist: 'gamma', mean: 0.001, cv: 0.5 } },
      ],
    });
  });

  it('resolves traffic and faults', () => {
    expect(scenario.traffic).toEqual([
      { name: 'users', to: 'productpage', rate: [{ at: 0, rate: 100 }], arrivals: 'poisson', zone: 'a', headers: { 'end-user': 'jason' }, replicas: 1, method: 'GET', path: '/', requestSize: 1024, trustDomain: 'cluster.local' },
    ]);
    expect(scenario.faults).toEqual([
      { at: 20, for: 10, kind: 'crash', service: 'reviews', version: 'v2' },
      { at: 30, for: 5, kind: 'zone-outage', zone: 'b' },
      { at: 40, for: 5, kind: 'partition', between: ['a', 'b'] },
      { at: 50, for: 20, kind: 'slowdown', service: 'ratings', factor: 10 },
      { at: 0, for: Infinity, kind: 'errors', service: 'details', replicas: 1, rate: 1 },
    ]);
  });

  it('collects Istio resources from later documents, then from istio: files, indexed in order', () => {
    expect(scenario.istio.map((r) => [r.index, r.kind, r.metadata.name])).toEqual([
      [0, 'VirtualService', 'reviews'],
      [1, 'DestinationRule', 'reviews'],
      [2, 'Deployment', 'reviews-v1'],
    ]);
    // The VirtualService and DestinationRule compile cleanly; the Deployment is named as not modeled.
    expect(warnings.map(formatLocated)).toEqual([
      `${valid}/bookinfo/destination-rules.yaml:14:7: warning: kind: Deployment is not modeled by meshsim (replicas and versions come from the scenario file); the resource has no effect in the simulation [MSH0102]`,
    ]);
  });
});

describe('defaults', () => {
  const { scenario, warnings } = loadScenario(`${valid}/minimal.yaml`);
  it('fills in simulation, zones, network, version and traffic defaults', () => {
    expect(warnings).toEqual([]);
    expect(scenario.simulation).toEqual({ duration: 60, warmup: 0, seed: 1, replications: 1 });
    expect(scenario.dataPlane).toBe('none');
    expect(scenario.zones).toEqual([{ name: 'default', region: 'default' }]);
    expect(scenario.network).toEqual({
      sameZone: { dist: 'constant', value: 0.0001 },
      crossZone: { dist: 'constant', value: 0.0005 },
      crossRegion: { dist: 'constant', value: 0.03 },
      mtlsHandshake: { dist: 'constant', value: 0 },
    });
    expect(scenario.services).toEqual([
      {
        name: 'web',
        implicitVersion: true,
        versions: [
          { name: 'default', replicaZones: ['default'], concurrency: 16, queueLimit: Infinity, serviceTime: { dist: 'constant', value: 0.01 }, errorRate: 0, calls: [], cancellation: false, responseSize: 1024, memory: 0 },
        ],
      },
    ]);
    expect(scenario.traffic).toEqual([{ name: 'client', to: 'web', rate: [{ at: 0, rate: 10 }], arrivals: 'poisson', zone: 'default', headers: {}, replicas: 1, method: 'GET', path: '/', requestSize: 1024, trustDomain: 'cluster.local' }]);
    expect(scenario.faults).toEqual([]);
    expect(scenario.istio).toEqual([]);
    expect(scenario.placement).toEqual({ podsPerNode: 10 });
    expect(scenario.dataPlanes.waypoints).toBe('per-namespace');
    expect(scenario.dataPlanes.sidecar.workers).toBe(2);
    expect(scenario.prices.crossZonePerGiB).toBe(0.02);
  });

  it('applies overrides before anything else', () => {
    const { scenario: s } = loadScenario(`${valid}/minimal.yaml`, { duration: 2, warmup: 1, seed: 7, replications: 3 });
    expect(s.simulation).toEqual({ duration: 2, warmup: 1, seed: 7, replications: 3 });
  });

  it('refuses over the event budget only when the override budget is exceeded', () => {
    // 10/s × 60 s × 1 × 4 = 2400 events.
    expect(() => loadScenario(`${valid}/minimal.yaml`, { maxEvents: 2400 })).not.toThrow();
    expect(() => loadScenario(`${valid}/minimal.yaml`, { maxEvents: 2399 })).toThrow(InputError);
  });
});

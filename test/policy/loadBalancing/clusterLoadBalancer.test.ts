import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import type { Endpoint } from '../../../src/policy/endpoint.js';
import { createLoadBalancer } from '../../../src/policy/loadBalancing/createLoadBalancer.js';
import { DEFAULT_LOAD_BALANCER_CONFIG, type LoadBalancerConfig } from '../../../src/policy/loadBalancing/loadBalancerConfig.js';
import { binomialTolerance, endpoint, loc, seeded } from './lbTestKit.js';
import type { Locality } from '../../../src/policy/request.js';
import { RingHashTable } from '../../../src/policy/loadBalancing/ringHash.js';

const N = 20_000;

function many(loc0: Locality, count: number, firstId: number): Endpoint[] {
  return Array.from({ length: count }, (_, i) => endpoint(firstId + i, { locality: loc0 }));
}

/** Fraction of N picks landing on hosts satisfying `where`. */
function fraction(pick: () => Endpoint | undefined, where: (e: Endpoint) => boolean): number {
  let hits = 0;
  for (let i = 0; i < N; i++) {
    const e = pick();
    if (e !== undefined && where(e)) hits++;
  }
  return hits / N;
}

function expectShare(observed: number, p: number): void {
  expect(Math.abs(observed - p) * N, `observed ${observed}, expected ${p}`).toBeLessThanOrEqual(binomialTolerance(N, p));
}

const withFailover = (cfg: Partial<LoadBalancerConfig['locality']> = {}): LoadBalancerConfig => ({
  ...DEFAULT_LOAD_BALANCER_CONFIG,
  locality: { ...DEFAULT_LOAD_BALANCER_CONFIG.locality, ...cfg },
});

const caller = loc('r1', 'z1');
const od = { outlierDetection: { minHealthPercent: 0 } };

// docs/semantics/envoy-istio.md §5.3, §6; docs/semantics/validation-cases.md (priorities)
describe('spill-over between priorities (outlier detection on)', () => {
  const p0 = many(loc('r1', 'z1'), 4, 0);
  const p1 = many(loc('r1', 'z2'), 3, 10);
  const all = [...p0, ...p1];

  it('keeps 100% local while 3 of 4 P0 hosts are healthy (health 105 → 100)', () => {
    const lb = createLoadBalancer(withFailover(), all, seeded('seed'), { callerLocality: caller, ...od });
    const healthy = all.filter((e) => e.id !== 0);
    const rnd = seeded('spill-1');
    expect(fraction(() => lb.pick({ hosts: healthy, random: rnd }), (e) => e.locality.zone === 'z2')).toBe(0);
  });

  it('sends 30% to P1 when 2 of 4 P0 hosts are ejected (health 70 → 70/30)', () => {
    const lb = createLoadBalancer(withFailover(), all, seeded('seed'), { callerLocality: caller, ...od });
    const healthy = all.filter((e) => e.id >= 2);
    expect(lb.priorityLoad(healthy).load).toEqual([70, 30]);
    const rnd = seeded('spill-2');
    const f = fraction(() => lb.pick({ hosts: healthy, random: rnd }), (e) => e.locality.zone === 'z2');
    expectShare(f, 0.3);
  });

  it('fails over entirely to P1 when P0 is fully ejected, and to the failover region next', () => {
    const eps = [...many(loc('r1', 'z1'), 2, 0), ...many(loc('r2', 'a'), 2, 10), ...many(loc('r3', 'b'), 2, 20)];
    const cfg = withFailover({ failover: [{ from: 'r1', to: 'r3' }] });
    const lb = createLoadBalancer(cfg, eps, seeded('seed'), { callerLocality: caller, ...od });
    const localOut = eps.filter((e) => e.locality.region !== 'r1');
    const rnd = seeded('failover');
    expect(fraction(() => lb.pick({ hosts: localOut, random: rnd }), (e) => e.locality.region === 'r3')).toBe(1);
    // Without the failover rule r2 and r3 share P1 (both "other region").
    const lb2 = createLoadBalancer(withFailover(), eps, seeded('seed'), { callerLocality: caller, ...od });
    expectShare(fraction(() => lb2.pick({ hosts: localOut, random: rnd }), (e) => e.locality.region === 'r3'), 0.5);
  });

  it('with panic disabled (minHealthPercent 0) and every host ejected: no host (503 UH)', () => {
    const lb = createLoadBalancer(withFailover(), all, seeded('seed'), { callerLocality: caller, ...od });
    const r = lb.pickDetailed({ hosts: [], random: seeded('x') });
    expect(r.host).toBeUndefined();
    expect(r.reason).toBe('NoHealthyUpstream');
  });
});

describe('panic threshold', () => {
  const all = many(loc('r1', 'z1'), 10, 0);

  it('below 50% healthy (no outlier detection → Envoy default 50%) the balancer uses all hosts', () => {
    const lb = createLoadBalancer(DEFAULT_LOAD_BALANCER_CONFIG, all, seeded('seed'), { callerLocality: caller });
    const healthy = all.slice(0, 4); // 40%
    const rnd = seeded('panic');
    const r = lb.pickDetailed({ hosts: healthy, random: rnd });
    expect(r.reason).toBe('PickedInPanic');
    // LEAST_REQUEST over all 10 with no load: 6 of 10 picks land on unhealthy hosts.
    expectShare(fraction(() => lb.pick({ hosts: healthy, random: rnd }), (e) => e.id >= 4), 0.6);
  });

  it('at 50% healthy there is no panic: only healthy hosts are used', () => {
    const lb = createLoadBalancer(DEFAULT_LOAD_BALANCER_CONFIG, all, seeded('seed'), { callerLocality: caller });
    const healthy = all.slice(0, 5);
    const rnd = seeded('no-panic');
    expect(fraction(() => lb.pick({ hosts: healthy, random: rnd }), (e) => e.id >= 5)).toBe(0);
  });

  it('Istio outlierDetection sets the threshold to minHealthPercent (0 by default): 1 of 10 healthy still no panic', () => {
    const lb = createLoadBalancer(DEFAULT_LOAD_BALANCER_CONFIG, all, seeded('seed'), { callerLocality: caller, ...od });
    const healthy = all.slice(0, 1);
    const rnd = seeded('od');
    expect(fraction(() => lb.pick({ hosts: healthy, random: rnd }), (e) => e.id === 0)).toBe(1);
  });
});

describe('locality LB needs outlier detection (Istio)', () => {
  it('without it, traffic spreads over every locality regardless of the caller', () => {
    const eps = [...many(loc('r1', 'z1'), 2, 0), ...many(loc('r2', 'a'), 2, 10)];
    const lb = createLoadBalancer(DEFAULT_LOAD_BALANCER_CONFIG, eps, seeded('seed'), { callerLocality: caller });
    expect(lb.plan.reason).toBe('InactiveWithoutOutlierDetection');
    const rnd = seeded('no-od');
    expectShare(fraction(() => lb.pick({ hosts: eps, random: rnd }), (e) => e.locality.region === 'r2'), 0.5);
  });
});

describe('distribute weights', () => {
  const eps = [...many(loc('r1', 'z1'), 2, 0), ...many(loc('r1', 'z2'), 6, 10), ...many(loc('r1', 'z3'), 2, 20)];
  const cfg = withFailover({ distribute: [{ from: 'r1/z1/*', to: [['r1/z1/*', 80], ['r1/z2/*', 20]] }] });

  it('meets 80/20 within sampling error whatever the endpoint counts, and sends nothing to unlisted z3', () => {
    for (const algorithm of ['ROUND_ROBIN', 'LEAST_REQUEST', 'RANDOM'] as const) {
      const lb = createLoadBalancer({ ...cfg, algorithm }, eps, seeded('seed'), { callerLocality: caller });
      const rnd = seeded(`dist-${algorithm}`);
      let z1 = 0;
      let z3 = 0;
      for (let i = 0; i < N; i++) {
        const z = lb.pick({ hosts: eps, random: rnd })?.locality.zone;
        if (z === 'z1') z1++;
        if (z === 'z3') z3++;
      }
      // The locality pick is an EDF rotation (deterministic), so the split is exact to ±1.
      expect(Math.abs(z1 - 0.8 * N), algorithm).toBeLessThanOrEqual(1);
      expect(z3).toBe(0);
    }
  });

  it('scales a locality by min(1, 1.4 × healthy fraction) when hosts are ejected (§5.4)', () => {
    const lb = createLoadBalancer(cfg, eps, seeded('seed'), { callerLocality: caller });
    const healthy = eps.filter((e) => e.id !== 0); // z1: 1 of 2 healthy → 80 × 0.7 = 56 vs 20
    const rnd = seeded('dist-eject');
    const f = fraction(() => lb.pick({ hosts: healthy, random: rnd }), (e) => e.locality.zone === 'z1');
    expect(Math.abs(f - 56 / 76) * N).toBeLessThanOrEqual(1);
  });

  it('in panic uses every host of the level with no locality weighting (Envoy AllHosts source)', () => {
    const lb = createLoadBalancer(cfg, eps, seeded('seed'), { callerLocality: caller });
    const healthy = eps.filter((e) => e.id === 10 || e.id === 11 || e.id === 12); // 3 of the 8 kept hosts: 37.5% < 50%
    const rnd = seeded('dist-panic');
    expect(lb.pickDetailed({ hosts: healthy, random: rnd }).reason).toBe('PickedInPanic');
    expectShare(fraction(() => lb.pick({ hosts: healthy, random: rnd }), (e) => e.locality.zone === 'z1'), 2 / 8);
  });

  it('with a consistent hash the locality weights fold into host weights', () => {
    const hashed: LoadBalancerConfig = { ...cfg, algorithm: 'RING_HASH', consistentHash: { key: { kind: 'none' } } };
    const lb = createLoadBalancer(hashed, eps, seeded('seed'), { callerLocality: caller });
    const rnd = seeded('dist-hash');
    const f = fraction(() => lb.pick({ hosts: eps, random: rnd }), (e) => e.locality.zone === 'z1');
    // Expected share: the ring arcs of z1's hosts on a ring built from weights 0.8/2 and 0.2/6
    // (z3 dropped), then binomial sampling error around it.
    const folded = eps.filter((e) => e.locality.zone !== 'z3').map((e) => [e, e.locality.zone === 'z1' ? 0.4 : 0.2 / 6] as const);
    const shares = new RingHashTable(folded, 1024, 8_388_608).sharePerHost();
    const p = (shares.get(0) ?? 0) + (shares.get(1) ?? 0);
    expect(Math.abs(p - 0.8)).toBeLessThan(0.05); // the ring itself tracks the weights
    expectShare(f, p);
  });
});

describe('retry host predicate re-runs the whole selection', () => {
  it('moves off a rejected host even in a single-host priority, by going to another priority', () => {
    const eps = [endpoint(0, { locality: loc('r1', 'z1') }), ...many(loc('r1', 'z2'), 3, 10)];
    // P0 has one host, 1 of 1 healthy → 100% P0; the predicate rejects it, so every re-pick lands on it again.
    const lb = createLoadBalancer(withFailover(), eps, seeded('seed'), { callerLocality: caller, ...od });
    const r = lb.pickDetailed({ hosts: eps, random: seeded('p'), shouldSelectAnotherHost: (e) => e.id === 0, hostSelectionRetryMaxAttempts: 5 });
    expect(r.host?.id).toBe(0); // Envoy keeps the last host: priorities are not excluded by previous_hosts
  });
});

describe('zoneAwareLbSetting: region priorities and Envoy zone-aware routing in P0 (F3)', () => {
  const eps = [...many(loc('r1', 'A'), 2, 0), ...many(loc('r1', 'B'), 2, 10), ...many(loc('r1', 'C'), 2, 20), ...many(loc('r2', 'X'), 2, 30)];
  const cfg: LoadBalancerConfig = { ...DEFAULT_LOAD_BALANCER_CONFIG, algorithm: 'ROUND_ROBIN', zoneAware: { enabled: true, failover: [], failoverPriority: [], minClusterSize: 6 } };
  const local = new Map([['A', 2], ['B', 1], ['C', 1]]);

  it('a caller in A sends 66.7% to A and 16.7% each to B and C, nothing to the other region', () => {
    const lb = createLoadBalancer(cfg, eps, seeded('seed'), { callerLocality: loc('r1', 'A'), localClusterHostsPerZone: local });
    expect(lb.plan.reason).toBe('ZoneAwareRegions');
    const rnd = seeded('za');
    const counts = new Map<string, number>();
    for (let i = 0; i < N; i++) {
      const z = lb.pick({ hosts: eps, random: rnd })?.locality.zone as string;
      counts.set(z, (counts.get(z) ?? 0) + 1);
    }
    expectShare((counts.get('A') ?? 0) / N, 0.6666);
    expectShare((counts.get('B') ?? 0) / N, 0.1667);
    expect(counts.get('X')).toBeUndefined();
  });

  it('a caller in B stays in B', () => {
    const lb = createLoadBalancer(cfg, eps, seeded('seed'), { callerLocality: loc('r1', 'B'), localClusterHostsPerZone: local });
    const rnd = seeded('zb');
    expect(fraction(() => lb.pick({ hosts: eps, random: rnd }), (e) => e.locality.zone === 'B')).toBe(1);
  });

  it('below min_cluster_size healthy hosts in P0 the split is zone-unaware', () => {
    const lb = createLoadBalancer(cfg, eps, seeded('seed'), { callerLocality: loc('r1', 'B'), localClusterHostsPerZone: local });
    const healthy = eps.filter((e) => e.id !== 0); // 5 healthy P0 hosts < 6
    const rnd = seeded('small');
    expectShare(fraction(() => lb.pick({ hosts: healthy, random: rnd }), (e) => e.locality.zone === 'B'), 0.4);
  });

  it('without the caller cluster’s spread (no self-discovery) there is no zone routing', () => {
    const lb = createLoadBalancer(cfg, eps, seeded('seed'), { callerLocality: loc('r1', 'B') });
    const rnd = seeded('nolocal');
    expectShare(fraction(() => lb.pick({ hosts: eps, random: rnd }), (e) => e.locality.zone === 'B'), 1 / 3);
  });
});

describe('retryRemoteLocalities: a retry can exclude priorities already tried', () => {
  it('sends the retry to P1 even though P0 is fully healthy', () => {
    const eps = [...many(loc('r1', 'z1'), 2, 0), ...many(loc('r1', 'z2'), 2, 10)];
    const lb = createLoadBalancer(withFailover(), eps, seeded('seed'), { callerLocality: caller, ...od });
    const rnd = seeded('prev');
    const first = lb.pickDetailed({ hosts: eps, random: rnd });
    expect(first.priority).toBe(0);
    const retry = lb.pickDetailed({ hosts: eps, random: rnd, excludedPriorities: new Set([first.priority]) });
    expect(retry.priority).toBe(1);
    expect(retry.host?.locality.zone).toBe('z2');
  });
});

describe('cluster balancer invariants (property)', () => {
  it('with panic disabled it returns a healthy host of the plan, and none only when the plan has no healthy host', () => {
    const regions = ['r1', 'r2', 'r3'];
    const zonesOf = ['a', 'b'];
    fc.assert(
      fc.property(
        fc.array(fc.record({ r: fc.integer({ min: 0, max: 2 }), z: fc.integer({ min: 0, max: 1 }), healthy: fc.boolean(), w: fc.integer({ min: 1, max: 3 }) }), { minLength: 1, maxLength: 12 }),
        fc.constantFrom('none', 'failover', 'distribute'),
        fc.constantFrom('ROUND_ROBIN', 'LEAST_REQUEST', 'RANDOM', 'RING_HASH', 'MAGLEV') as fc.Arbitrary<LoadBalancerConfig['algorithm']>,
        fc.nat(),
        (specs, mode, algorithm, seed) => {
          const eps = specs.map((s, i) => endpoint(i, { locality: loc(regions[s.r] as string, zonesOf[s.z] as string), weight: s.w }));
          const healthy = eps.filter((_, i) => specs[i]?.healthy);
          const locality =
            mode === 'failover'
              ? { failover: [{ from: 'r1', to: 'r3' }] }
              : mode === 'distribute'
                ? { distribute: [{ from: 'r1/a', to: [['r1/*', 60], ['r2', 40]] as [string, number][] }] }
                : {};
          const hashed = algorithm === 'RING_HASH' || algorithm === 'MAGLEV';
          const cfg: LoadBalancerConfig = { ...withFailover(locality), algorithm, ...(hashed ? { consistentHash: { key: { kind: 'none' } } } : {}) };
          const lb = createLoadBalancer(cfg, eps, seeded(`s${seed}`), { callerLocality: loc('r1', 'a'), ...od });
          const inPlan = new Set(lb.plan.levels.flat().map((e) => e.id));
          const eligible = new Set(healthy.filter((e) => inPlan.has(e.id)).map((e) => e.id));
          const rnd = seeded(`p${seed}`);
          for (let i = 0; i < 40; i++) {
            const h = lb.pick({ hosts: healthy, random: rnd });
            if (eligible.size === 0) expect(h).toBeUndefined();
            else expect(eligible.has((h as Endpoint).id)).toBe(true);
          }
        },
      ),
      { numRuns: 300, seed: 21 },
    );
  });
});

// The balancer keeps the common first pick (all load on P0, no zones or locality weights)
// on itself; a pick with a host predicate always takes the full path. Both must pick the
// same hosts from the same draws, whatever the hosts, health and algorithm.
describe('the kept first pick is the full pick', () => {
  it('picks what the full path picks, from the same draws, across health changes', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('LEAST_REQUEST', 'ROUND_ROBIN', 'RANDOM'),
        fc.array(fc.record({ zone: fc.constantFrom('z1', 'z2', 'z3'), weight: fc.integer({ min: 1, max: 3 }) }), { minLength: 1, maxLength: 7 }),
        fc.array(fc.integer({ min: 0, max: 127 }), { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        (algorithm, hosts, healthMasks, outlier) => {
          const eps = hosts.map((h, i) => endpoint(i, { weight: h.weight, locality: loc('r1', h.zone) }));
          const cfg: LoadBalancerConfig = { ...withFailover(), algorithm: algorithm as LoadBalancerConfig['algorithm'] };
          const env = { callerLocality: caller, ...(outlier ? od : {}) };
          const kept = createLoadBalancer(cfg, eps, seeded('lb'), env);
          const full = createLoadBalancer(cfg, eps, seeded('lb'), env);
          const [rk, rf] = [seeded('picks'), seeded('picks')];
          const active = (id: number): number => (id * 7) % 3;
          for (const mask of healthMasks) {
            const healthy = eps.filter((e) => (mask >> e.id) % 2 === 0);
            for (let i = 0; i < 20; i++) {
              const a = kept.pickDetailed({ hosts: healthy, random: rk, activeRequests: active });
              const b = full.pickDetailed({ hosts: healthy, random: rf, activeRequests: active, shouldSelectAnotherHost: () => false });
              expect([a.host?.id, a.priority, a.reason]).toEqual([b.host?.id, b.priority, b.reason]);
            }
          }
        },
      ),
      { seed: 15, numRuns: 200 },
    );
  });
});

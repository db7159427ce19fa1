import { describe, it, expect } from 'vitest';
import { chooseZone, zoneAwareRouting, zoneSplit } from '../../../src/policy/loadBalancing/zoneAwareRouting.js';
import { binomialTolerance, seeded } from './lbTestKit.js';

const zones = (entries: Record<string, number>): Map<string, number> => new Map(Object.entries(entries));

// docs/semantics/validation-cases.md F3; docs/semantics/envoy-istio.md §5.5
describe('zone-aware routing, the F3 worked example', () => {
  const origin = zones({ A: 2, B: 1, C: 1 }); // 50/25/25
  const upstream = zones({ A: 2, B: 2, C: 2 }); // 33.3% each, 6 hosts = min_cluster_size

  it('A keeps 66.7% local and splits the rest evenly over B and C; B and C stay local', () => {
    const a = zoneAwareRouting({ localZone: 'A', localHostsPerZone: origin, upstreamHostsPerZone: upstream });
    expect(a).toMatchObject({ kind: 'LocalityResidual', localPercentToRoute: 6666, residual: [['B', 833], ['C', 833]] });
    const split = zoneSplit(a, 'A', upstream);
    // 66.66% by the local share, plus Envoy's 1/1666 of the remainder that its residual walk returns to A.
    expect(split.get('A')).toBeCloseTo(0.6666 + 0.3334 / 1666, 12);
    expect(split.get('B')).toBeCloseTo(0.1667, 3);
    expect(split.get('C')).toBeCloseTo(0.1667, 3);
    expect(zoneAwareRouting({ localZone: 'B', localHostsPerZone: origin, upstreamHostsPerZone: upstream })).toEqual({ kind: 'LocalityDirect' });
  });

  it('cross-zone fraction 16.7% zone-aware vs 66.7% unaware; upstream load balanced', () => {
    const callerShare = { A: 0.5, B: 0.25, C: 0.25 };
    let cross = 0;
    let crossUnaware = 0;
    const load = new Map<string, number>();
    for (const [z, share] of Object.entries(callerShare)) {
      const split = zoneSplit(zoneAwareRouting({ localZone: z, localHostsPerZone: origin, upstreamHostsPerZone: upstream }), z, upstream);
      for (const [to, f] of split) {
        if (to !== z) cross += share * f;
        load.set(to, (load.get(to) ?? 0) + share * f);
      }
      crossUnaware += share * (1 - 1 / 3);
    }
    expect(cross).toBeCloseTo(1 / 6, 3); // 16.7%
    expect(crossUnaware).toBeCloseTo(2 / 3, 12);
    for (const z of ['A', 'B', 'C']) expect(load.get(z)).toBeCloseTo(1 / 3, 3);
  });

  it('sampled choices match the split within binomial error', () => {
    const r = zoneAwareRouting({ localZone: 'A', localHostsPerZone: origin, upstreamHostsPerZone: upstream });
    const rnd = seeded('f3');
    const n = 30_000;
    const counts = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const z = chooseZone(r, 'A', rnd) as string;
      counts.set(z, (counts.get(z) ?? 0) + 1);
    }
    for (const [z, p] of zoneSplit(r, 'A', upstream)) expect(Math.abs((counts.get(z) ?? 0) - n * p)).toBeLessThanOrEqual(binomialTolerance(n, p));
  });

  it('equal shares in both clusters route everything locally (0% cross-zone)', () => {
    const eq = zones({ A: 2, B: 2, C: 2 });
    expect(zoneAwareRouting({ localZone: 'A', localHostsPerZone: eq, upstreamHostsPerZone: eq }).kind).toBe('LocalityDirect');
  });

  it('without healthy upstream hosts in the caller’s zone there is no zone routing (Envoy early exit)', () => {
    expect(zoneAwareRouting({ localZone: 'A', localHostsPerZone: origin, upstreamHostsPerZone: zones({ B: 3, C: 3 }) })).toEqual({ kind: 'NoZoneRouting', reason: 'NoUpstreamInLocalZone' });
  });

  it('needs min_cluster_size (6) upstream hosts and at least two zones', () => {
    expect(zoneAwareRouting({ localZone: 'A', localHostsPerZone: origin, upstreamHostsPerZone: zones({ A: 2, B: 2, C: 1 }) })).toEqual({ kind: 'NoZoneRouting', reason: 'ClusterTooSmall' });
    expect(zoneAwareRouting({ localZone: 'A', localHostsPerZone: origin, upstreamHostsPerZone: zones({ A: 6 }) })).toEqual({ kind: 'NoZoneRouting', reason: 'SingleZone' });
  });

  it('the reference example: local 40/40/20, upstream 25/50/25 → residual 0/10/5 %', () => {
    const r = zoneAwareRouting({ localZone: 'A', localHostsPerZone: zones({ A: 4, B: 4, C: 2 }), upstreamHostsPerZone: zones({ A: 2, B: 4, C: 2 }) });
    expect(r).toMatchObject({ kind: 'LocalityResidual', localPercentToRoute: 6250, residual: [['B', 1000], ['C', 500]] });
  });
});

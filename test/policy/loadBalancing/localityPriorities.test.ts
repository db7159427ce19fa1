import { describe, it, expect } from 'vitest';
import type { Endpoint } from '../../../src/policy/endpoint.js';
import { computePriorities, localityPriority, failoverLocalityPriority, labelPriority } from '../../../src/policy/loadBalancing/localityPriorities.js';
import { distributeLocalityWeights, localityMatches } from '../../../src/policy/loadBalancing/localityDistribute.js';
import type { LocalityLbConfig } from '../../../src/policy/loadBalancing/loadBalancerConfig.js';
import { endpoint, loc } from './lbTestKit.js';

const enabled: LocalityLbConfig = { enabled: true, configured: true, distribute: [], failover: [], failoverPriority: [] };
const ids = (levels: ReadonlyArray<readonly Endpoint[]>): number[][] => levels.map((l) => l.map((e) => e.id));

// docs/semantics/envoy-istio.md §6 [II-UTIL LbPriority][II-LB]
describe('Istio locality priorities', () => {
  const caller = loc('r1', 'z1', 's1');
  it('LbPriority: same subzone 0, same zone 1, same region 2, else 3', () => {
    expect(localityPriority(caller, loc('r1', 'z1', 's1'))).toBe(0);
    expect(localityPriority(caller, loc('r1', 'z1', 's2'))).toBe(1);
    expect(localityPriority(caller, loc('r1', 'z2', 's1'))).toBe(2);
    expect(localityPriority(caller, loc('r2', 'z1', 's1'))).toBe(3);
  });

  it('failover: the `to` region stays at 3, other regions drop to 4; rules for other `from` regions are ignored', () => {
    const rules = [{ from: 'r1', to: 'r3' }];
    expect(failoverLocalityPriority(caller, loc('r3', 'a'), rules)).toBe(3);
    expect(failoverLocalityPriority(caller, loc('r2', 'a'), rules)).toBe(4);
    expect(failoverLocalityPriority(loc('r9', 'z'), loc('r2', 'a'), rules)).toBe(3);
  });

  const eps = [
    endpoint(0, { locality: loc('r1', 'z1', 's1') }),
    endpoint(1, { locality: loc('r1', 'z2', 's1') }),
    endpoint(2, { locality: loc('r2', 'za') }),
    endpoint(3, { locality: loc('r3', 'zb') }),
  ];

  it('compacts priorities without gaps (no subzone-1 endpoints: 0, 2, 3 → 0, 1, 2)', () => {
    const plan = computePriorities(caller, eps, enabled, { outlierDetection: true });
    expect(plan.reason).toBe('LocalityFailover');
    expect(ids(plan.levels)).toEqual([[0], [1], [2, 3]]);
  });

  it('failover from r1 to r3 puts r3 ahead of r2', () => {
    const plan = computePriorities(caller, eps, { ...enabled, failover: [{ from: 'r1', to: 'r3' }] }, { outlierDetection: true });
    expect(ids(plan.levels)).toEqual([[0], [1], [3], [2]]);
  });

  it('without outlierDetection every endpoint stays in P0 and the reason says why', () => {
    const plan = computePriorities(caller, eps, { ...enabled, failover: [{ from: 'r1', to: 'r3' }] }, { outlierDetection: false });
    expect(plan.reason).toBe('InactiveWithoutOutlierDetection');
    expect(ids(plan.levels)).toEqual([[0, 1, 2, 3]]);
    expect(plan.localityWeights).toBeUndefined();
  });

  it('enabled: false keeps one level', () => {
    const plan = computePriorities(caller, eps, { ...enabled, enabled: false }, { outlierDetection: true });
    expect(plan.reason).toBe('LocalityLbDisabled');
    expect(ids(plan.levels)).toEqual([[0, 1, 2, 3]]);
  });

  it('failoverPriority: leading labels matched decide the level (N − matched)', () => {
    const labelled = [
      endpoint(0, { labels: { net: 'a', tier: 'x' } }),
      endpoint(1, { labels: { net: 'a', tier: 'y' } }),
      endpoint(2, { labels: { net: 'b', tier: 'x' } }), // tier matches but net does not: counts 0
    ];
    const cfg = { ...enabled, failoverPriority: [{ key: 'net' }, { key: 'tier' }] };
    const ctx = { outlierDetection: true, callerLabels: { net: 'a', tier: 'x' } };
    expect(labelled.map((e) => labelPriority(e, cfg.failoverPriority, { ...ctx, callerLocality: caller }))).toEqual([0, 1, 2]);
    expect(ids(computePriorities(caller, labelled, cfg, ctx).levels)).toEqual([[0], [1], [2]]);
    // key=value overrides the caller's value.
    const fixed = { ...enabled, failoverPriority: [{ key: 'net', value: 'b' }] };
    expect(ids(computePriorities(caller, labelled, fixed, ctx).levels)).toEqual([[2], [0, 1]]);
  });

  it('failoverPriority reads topology labels from the locality', () => {
    const cfg = { ...enabled, failoverPriority: [{ key: 'topology.kubernetes.io/region' }, { key: 'topology.kubernetes.io/zone' }] };
    expect(ids(computePriorities(caller, eps, cfg, { outlierDetection: true }).levels)).toEqual([[0], [1], [2, 3]]);
  });
});

describe('distribute', () => {
  it('locality patterns: missing or * parts match anything', () => {
    expect(localityMatches(loc('r1', 'z1', 's1'), 'r1')).toBe(true);
    expect(localityMatches(loc('r1', 'z1', 's1'), 'r1/*')).toBe(true);
    expect(localityMatches(loc('r1', 'z1', 's1'), 'r1/z2/*')).toBe(false);
    expect(localityMatches(loc('r1', 'z1', 's1'), '*')).toBe(true);
    expect(localityMatches(loc('r2', 'z1', 's1'), 'r1/*')).toBe(false);
  });

  it('splits a wildcard weight over matched localities by endpoint count, rounding up', () => {
    const eps = [0, 1, 2].map((i) => endpoint(i, { locality: loc('r1', 'z1') })).concat([endpoint(3, { locality: loc('r1', 'z2') }), endpoint(4, { locality: loc('r2', 'z9') })]);
    const d = distributeLocalityWeights(loc('r1', 'z1'), eps, [{ from: 'r1/z1/*', to: [['r1/*', 100]] }]);
    expect(Object.fromEntries(d?.weights ?? [])).toEqual({ 'r1/z1/': 75, 'r1/z2/': 25 }); // r2 dropped
    const plan = computePriorities(loc('r1', 'z1'), eps, { ...enabled, distribute: [{ from: 'r1/z1/*', to: [['r1/*', 100]] }] }, { outlierDetection: false });
    expect(plan.reason).toBe('Distribute');
    expect(ids(plan.levels)).toEqual([[0, 1, 2, 3]]);
  });

  it('ceil can push the total above 100 (1 of 3 endpoints at weight 50 → 17)', () => {
    const eps = [endpoint(0, { locality: loc('r1', 'a') }), endpoint(1, { locality: loc('r1', 'b') }), endpoint(2, { locality: loc('r1', 'b') })];
    const d = distributeLocalityWeights(loc('r1', 'a'), eps, [{ from: 'r1', to: [['r1/*', 50], ['r2', 50]] }]);
    expect(Object.fromEntries(d?.weights ?? [])).toEqual({ 'r1/a/': 17, 'r1/b/': 34 });
  });

  it('applies nothing when no `from` matches the caller', () => {
    const eps = [endpoint(0, { locality: loc('r1', 'a') })];
    const plan = computePriorities(loc('r2', 'x'), eps, { ...enabled, distribute: [{ from: 'r1/*', to: [['r1/*', 100]] }] }, { outlierDetection: false });
    expect(plan.reason).toBe('DistributeNoMatchingFrom');
    expect(plan.localityWeights).toBeUndefined();
  });
});

describe('locality-weighted LB is switched on only where Istio sets locality_weighted_lb_config', () => {
  const eps = [endpoint(0, { locality: loc('r1', 'z1') }), endpoint(1, { locality: loc('r2', 'a') })];
  const caller = loc('r1', 'z1');
  it('default failover (no explicit list): priorities but no locality weights', () => {
    expect(computePriorities(caller, eps, enabled, { outlierDetection: true }).localityWeights).toBeUndefined();
  });
  it('explicit failover, failoverPriority and distribute: locality weights', () => {
    expect(computePriorities(caller, eps, { ...enabled, failover: [{ from: 'r1', to: 'r2' }] }, { outlierDetection: true }).localityWeights).toBeDefined();
    expect(computePriorities(caller, eps, { ...enabled, failoverPriority: [{ key: 'x' }] }, { outlierDetection: true }).localityWeights).toBeDefined();
    expect(computePriorities(caller, eps, { ...enabled, distribute: [{ from: 'r1', to: [['*', 100]] }] }, { outlierDetection: false }).localityWeights).toBeDefined();
  });
});

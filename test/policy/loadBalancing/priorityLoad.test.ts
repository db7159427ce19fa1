import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { choosePriority, computePriorityLoad, excludePriorities, priorityHealth } from '../../../src/policy/loadBalancing/priorityLoad.js';

// docs/semantics/envoy-istio.md §5.3 [E-LB][ED-PRI][ED-PANIC]
describe('priority health = min(100, 1.4 × healthy%) with integer math', () => {
  it.each([
    [100, 100, 100],
    [80, 100, 100], // 112 capped
    [72, 100, 100], // 100.8 → 100
    [71, 100, 99], // 99.4 → 99
    [50, 100, 70],
    [25, 100, 35],
    [0, 100, 0],
    [2, 3, 93], // 140·2/3 = 93.3 → 93
    [1, 2, 70],
    [0, 0, 0], // empty level
  ])('%i of %i healthy → %i', (healthy, total, expected) => {
    expect(priorityHealth(healthy, total)).toBe(expected);
  });
});

describe('load split across priorities (P1 fully healthy), the reference worked values', () => {
  it.each([
    [72, [100, 0]],
    [71, [99, 1]],
    [50, [70, 30]],
    [25, [35, 65]],
  ])('P0 %i%% healthy → %j', (p0Healthy, expected) => {
    const load = computePriorityLoad([{ healthy: p0Healthy, total: 100 }, { healthy: 100, total: 100 }]);
    expect(load.load).toEqual(expected);
    expect(load.panic).toEqual([false, false]);
  });

  it('spills over from a partly unhealthy P0 of 4 hosts: 2 healthy → 70/30', () => {
    expect(computePriorityLoad([{ healthy: 2, total: 4 }, { healthy: 3, total: 3 }]).load).toEqual([70, 30]);
  });

  it('keeps everything on P0 while ≥ 72% of it is healthy: 3 of 4 (105) → 100/0', () => {
    expect(computePriorityLoad([{ healthy: 3, total: 4 }, { healthy: 3, total: 3 }]).load).toEqual([100, 0]);
  });

  it('gives rounding leftovers to the first priority with health (NTA < 100)', () => {
    // health 14, 28 → NTA 42: 14·100/42 = 33, 28·100/42 = 66, leftover 1 → P0.
    const l = computePriorityLoad([{ healthy: 1, total: 10 }, { healthy: 2, total: 10 }], 0);
    expect(l.health).toEqual([14, 28]);
    expect(l.load).toEqual([34, 66]);
    expect(l.normalizedTotalAvailability).toBe(42);
  });
});

describe('panic mode', () => {
  it('puts a level below 50% healthy in panic only when NTA < 100', () => {
    // P0 2/5 healthy (40% < 50%) but P1 healthy: NTA 100 → no panic anywhere.
    expect(computePriorityLoad([{ healthy: 2, total: 5 }, { healthy: 5, total: 5 }]).panic).toEqual([false, false]);
    // Single level 2/5 healthy: health 56, NTA 56 < 100 → 40% < 50% → panic (total panic: all load to P0).
    const single = computePriorityLoad([{ healthy: 2, total: 5 }]);
    expect(single.panic).toEqual([true]);
    expect(single.reason).toBe('TotalPanic');
    expect(single.load).toEqual([100]);
  });

  it('at exactly 50% healthy a level is not in panic (strict <)', () => {
    const l = computePriorityLoad([{ healthy: 2, total: 4 }]);
    expect(l.panic).toEqual([false]);
    expect(l.reason).toBe('Degraded');
    expect(l.load).toEqual([100]);
  });

  it('in total panic splits load by host count, remainder to the first non-empty level', () => {
    const l = computePriorityLoad([{ healthy: 0, total: 3 }, { healthy: 1, total: 6 }]);
    expect(l.panic).toEqual([true, true]);
    expect(l.load).toEqual([34, 66]); // 33 + 66 = 99, +1 → P0
  });

  it('with panic disabled (threshold 0, Istio with outlierDetection) and nothing healthy: 100% to P0, no host', () => {
    const l = computePriorityLoad([{ healthy: 0, total: 3 }, { healthy: 0, total: 2 }], 0);
    expect(l.reason).toBe('NoHealthyUpstream');
    expect(l.load).toEqual([100, 0]);
    expect(l.panic).toEqual([false, false]);
  });

  it('with panic disabled, a 1-of-5 healthy level still takes its share (no panic)', () => {
    const l = computePriorityLoad([{ healthy: 1, total: 5 }], 0);
    expect(l.panic).toEqual([false]);
    expect(l.load).toEqual([100]);
  });
});

describe('invariants (property)', () => {
  it('loads are non-negative integers summing to 100', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ total: fc.integer({ min: 0, max: 20 }), frac: fc.double({ min: 0, max: 1, noNaN: true }) }), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 0, max: 100 }),
        (levels, threshold) => {
          const input = levels.map((l) => ({ total: l.total, healthy: Math.floor(l.total * l.frac) }));
          const { load } = computePriorityLoad(input, threshold);
          expect(load.every((x) => Number.isInteger(x) && x >= 0)).toBe(true);
          expect(load.reduce((a, b) => a + b, 0)).toBe(100);
        },
      ),
      { numRuns: 300, seed: 3 },
    );
  });
});

describe('choosePriority (h % 100 + 1 against cumulative loads)', () => {
  it('maps hash percents to levels by cumulative load', () => {
    expect(choosePriority([70, 30], 0)).toBe(0);
    expect(choosePriority([70, 30], 69)).toBe(0);
    expect(choosePriority([70, 30], 70)).toBe(1);
    expect(choosePriority([0, 100], 0)).toBe(1);
  });
});

describe('previous priorities (retryRemoteLocalities): excluding tried levels', () => {
  it('re-splits the load over the remaining levels by health', () => {
    const load = computePriorityLoad([{ healthy: 4, total: 4 }, { healthy: 1, total: 2 }, { healthy: 3, total: 3 }]);
    expect(load.load).toEqual([100, 0, 0]);
    // Without P0: health 70 and 100 → NTA 100 → 70 / 30 (as if P1 were the first level).
    expect(excludePriorities(load, new Set([0]))).toEqual([0, 70, 30]);
    expect(excludePriorities(load, new Set([0, 1]))).toEqual([0, 0, 100]);
  });

  it('gives up (undefined → normal load) when nothing else has health', () => {
    const load = computePriorityLoad([{ healthy: 2, total: 2 }, { healthy: 0, total: 2 }]);
    expect(excludePriorities(load, new Set([0]))).toBeUndefined();
  });
});

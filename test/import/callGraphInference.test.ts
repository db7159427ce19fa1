import { describe, expect, it } from 'vitest';
import { inferCalls } from '../../src/import/callGraphInference.js';
import type { Call, Hop } from '../../src/import/serviceHops.js';
import { empiricalPercentiles, quantileSorted, selfTimes } from '../../src/import/selfTime.js';

const hop = (calls: [string, number, number][], end = 100): Hop => ({
  service: 'api',
  start: 0,
  end,
  calls: calls.map(([service, start, stop]): Call => ({ service, start, end: stop })),
  root: true,
  orphan: false,
  source: undefined,
});

describe('call steps from hops', () => {
  it('orders sequential calls, groups overlapping ones, and keeps per-edge expectations when counts vary', () => {
    const hops = [
      // auth, then {a, b} together, then db once or twice in a row.
      hop([['auth', 1, 5], ['a', 6, 10], ['b', 7, 12], ['db', 13, 15]]),
      hop([['auth', 1, 5], ['b', 6, 9], ['a', 6, 11], ['db', 13, 15], ['db', 16, 18]]),
      hop([['auth', 1, 5], ['a', 6, 10], ['b', 6, 10], ['db', 13, 15], ['db', 16, 18]]),
      hop([['auth', 1, 5], ['a', 6, 10], ['b', 6, 10], ['db', 13, 15]]),
    ];
    expect(inferCalls(hops)).toEqual([
      { kind: 'call', call: { service: 'auth', count: 1, probability: 1 } },
      { kind: 'parallel', calls: [{ service: 'a', count: 1, probability: 1 }, { service: 'b', count: 1, probability: 1 }] },
      { kind: 'call', call: { service: 'db', count: 1, probability: 1 } },
      // The second call to db is made in half of the requests: 1.5 calls per request, as traced.
      { kind: 'call', call: { service: 'db', count: 1, probability: 0.5 } },
    ]);
  });

  it('turns identical calls issued together into a count', () => {
    const hops = [hop([['ratings', 1, 5], ['ratings', 1, 6], ['ratings', 2, 4]]), hop([]), hop([['ratings', 1, 3], ['ratings', 1, 3], ['ratings', 1, 3]]), hop([])];
    expect(inferCalls(hops)).toEqual([{ kind: 'call', call: { service: 'ratings', count: 3, probability: 0.5 } }]);
  });

  it('never writes a probability of 0 for a call that was made', () => {
    const hops = [hop([['rare', 1, 2]]), ...Array.from({ length: 99_999 }, () => hop([]))];
    expect(inferCalls(hops)).toEqual([{ kind: 'call', call: { service: 'rare', count: 1, probability: 0.0001 } }]);
  });
});

describe('own time', () => {
  it('subtracts the union of the calls, clipped to the span', () => {
    const { sorted, skewed } = selfTimes([hop([['a', 10, 30], ['b', 20, 40]]), hop([['a', -5, 10], ['b', 95, 120]])]);
    expect([...sorted]).toEqual([70, 85]);
    expect(skewed).toBe(1);
  });

  it('writes p50, p90, p99 and p99.9 once the sample reaches them, and drops points a straight line covers', () => {
    const uniform = new Float64Array(10_000).map((_, i) => i / 10_000);
    const points = empiricalPercentiles(uniform);
    // A uniform sample's quantile function is a straight line: only the ends and the named four remain.
    expect(points.map(([k]) => k)).toEqual(['p0.1', 'p50', 'p90', 'p99', 'p99.9', 'p99.99']);
    expect(empiricalPercentiles(uniform.slice(0, 500)).map(([k]) => k)).not.toContain('p99.9');
    expect(quantileSorted(new Float64Array([1, 2, 3, 4]), 0.5)).toBe(2.5);
  });
});

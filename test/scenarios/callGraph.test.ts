import { describe, expect, it } from 'vitest';
import { describeCycle, expectedCallsPerRequest, findCycle, findUnconditionalCycle, type CallEdge } from '../../src/scenarios/callGraph.js';

const edge = (from: string, to: string, probability = 1, count = 1, version = 'default'): CallEdge => ({ from, version, to, probability, count, path: [] });

describe('findUnconditionalCycle', () => {
  it('names a cycle of probability-1 calls in call order', () => {
    const cycle = findUnconditionalCycle([edge('productpage', 'reviews'), edge('reviews', 'details', 0.5), edge('reviews', 'productpage')]);
    expect(cycle && describeCycle(cycle)).toBe('productpage → reviews → productpage');
  });
  it('finds a self-call and a cycle that starts past an acyclic prefix', () => {
    expect(describeCycle(findUnconditionalCycle([edge('a', 'a')])!)).toBe('a → a');
    expect(describeCycle(findUnconditionalCycle([edge('x', 'a'), edge('a', 'b'), edge('b', 'c'), edge('c', 'a')])!)).toBe('a → b → c → a');
  });
  it('ignores cycles broken by a conditional call, and DAGs with shared callees', () => {
    expect(findUnconditionalCycle([edge('a', 'b'), edge('b', 'a', 0.99)])).toBeUndefined();
    expect(findUnconditionalCycle([edge('a', 'b'), edge('a', 'c'), edge('b', 'd'), edge('c', 'd')])).toBeUndefined();
    expect(findCycle([edge('a', 'b'), edge('a', 'c'), edge('b', 'd'), edge('c', 'd')])).toBeUndefined();
  });
});

describe('expectedCallsPerRequest', () => {
  it('sums p × count × (1 + downstream) along a chain', () => {
    // c: 0; b: 2 × 0.5 × (1 + 0) = 1; a: 3 × (1 + 1) = 6.
    const n = expectedCallsPerRequest(['a', 'b', 'c'], [edge('a', 'b', 1, 3), edge('b', 'c', 0.5, 2)]);
    expect([...n]).toEqual([['a', 6], ['b', 1], ['c', 0]]);
  });
  it('solves a conditional cycle in closed form', () => {
    // N(a) = 1 + N(b), N(b) = 0.5 (1 + N(a))  ⇒  N(a) = 3, N(b) = 2.
    const n = expectedCallsPerRequest(['a', 'b'], [edge('a', 'b'), edge('b', 'a', 0.5)]);
    expect(n.get('a')).toBeCloseTo(3, 9);
    expect(n.get('b')).toBeCloseTo(2, 9);
  });
  it('takes the busiest version of a service', () => {
    const n = expectedCallsPerRequest(['r', 'x'], [edge('r', 'x', 1, 1, 'v1'), edge('r', 'x', 1, 1, 'v2'), edge('r', 'x', 1, 1, 'v2')]);
    expect(n.get('r')).toBe(2);
  });
  it('reports a divergent cycle as Infinity for it and every caller that reaches it', () => {
    // Around a → b → a the mean multiplies by 2 × 0.6 = 1.2 > 1.
    const n = expectedCallsPerRequest(['front', 'a', 'b', 'leaf'], [edge('front', 'a', 0.1), edge('a', 'b', 1, 2), edge('b', 'a', 0.6), edge('front', 'leaf')]);
    expect(n.get('a')).toBe(Infinity);
    expect(n.get('b')).toBe(Infinity);
    expect(n.get('front')).toBe(Infinity);
    expect(n.get('leaf')).toBe(0);
  });
  it('stays finite just below the divergence threshold', () => {
    // Loop gain 0.99: N(a) = 0.99 (1 + N(a)) ⇒ N(a) = 99.
    const n = expectedCallsPerRequest(['a'], [edge('a', 'a', 0.99)]);
    expect(n.get('a')).toBeCloseTo(99, 6);
  });
});

describe('graphs deeper than the JavaScript stack', () => {
  const chain = (n: number, close?: number): CallEdge[] => {
    const edges = Array.from({ length: n - 1 }, (_, i) => edge(`s${i}`, `s${i + 1}`));
    if (close !== undefined) edges.push(edge(`s${n - 1}`, 's0', close));
    return edges;
  };
  const names = (n: number): string[] => Array.from({ length: n }, (_, i) => `s${i}`);

  it('finds a 100,000-long cycle and abbreviates it', () => {
    const cycle = findUnconditionalCycle(chain(100_000, 1));
    expect(cycle).toHaveLength(100_000);
    expect(describeCycle(cycle!)).toBe('s0 → s1 → s2 → s3 → s4 → s5 → … (99,989 more) → s99995 → s99996 → s99997 → s99998 → s99999 → s0');
    expect(findCycle(chain(100_000))).toBeUndefined();
  });

  it('solves a 100,000-service chain exactly, whichever order the services are declared in', () => {
    const edges = chain(100_000);
    for (const order of [names(100_000), names(100_000).reverse()]) {
      const n = expectedCallsPerRequest(order, edges);
      expect(n.get('s0')).toBe(99_999);
      expect(n.get('s99998')).toBe(1);
    }
  });

  it('solves a 5,000-long cycle closed with probability 0.5: N(s0) = 4,999 + 0.5 (1 + N(s0))', () => {
    const n = expectedCallsPerRequest(names(5000), chain(5000, 0.5));
    expect(n.get('s0')).toBeCloseTo(9999, 6);
  });
});

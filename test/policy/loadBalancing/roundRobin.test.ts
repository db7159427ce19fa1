import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { EdfScheduler } from '../../../src/policy/loadBalancing/edfScheduler.js';
import { RoundRobinLoadBalancer } from '../../../src/policy/loadBalancing/roundRobin.js';
import { endpoints, seeded } from './lbTestKit.js';

function picks(s: EdfScheduler, weights: readonly number[], n: number): number[] {
  return Array.from({ length: n }, () => s.pickAndAdd((i) => weights[i] as number) as number);
}

/** An empty scheduler with the items added in order, as Envoy did before createWithPicks. */
function fromEmpty(weights: readonly number[]): EdfScheduler {
  const s = new EdfScheduler();
  weights.forEach((w, i) => s.add(w, i));
  return s;
}

// docs/semantics/envoy-istio.md §5.2 [ED-LBS]; Envoy EdfScheduler
describe('EDF scheduler', () => {
  it('weights 1:2:3 → the classic schedule, ties first-in first-out', () => {
    // Deadlines: A 1, B 0.5, C 0.333 … → C B C A B C
    expect(picks(fromEmpty([1, 2, 3]), [1, 2, 3], 6)).toEqual([2, 1, 2, 0, 1, 2]);
  });

  // Envoy's own test compares deadlines only approximately: equal deadlines reached by different float
  // sums may break ties either way. So: the next pick matches, and counts stay within one per item.
  it('createWithPicks(P) continues where an empty scheduler is after P picks (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 1, maxLength: 6 }), fc.integer({ min: 0, max: 500 }), (weights, p) => {
        const a = fromEmpty(weights);
        picks(a, weights, p);
        const b = EdfScheduler.createWithPicks(weights, p);
        const k = 3 * weights.reduce((x, y) => x + y, 0);
        const pa = picks(a, weights, k);
        const pb = picks(b, weights, k);
        const count = (xs: number[], i: number): number => xs.filter((x) => x === i).length;
        weights.forEach((_, i) => expect(Math.abs(count(pa, i) - count(pb, i))).toBeLessThanOrEqual(1));
      }),
      { numRuns: 200, seed: 5 },
    );
  });

  it('Envoy’s own example: weights 25 and 75 with 23 pre-picks land after A’s 6th pick (the 1e-13 epsilon)', () => {
    // Sequentially the 23rd pick is A (deadline 0.24 tie resolved in insertion order), then B.
    const a = fromEmpty([25, 75]);
    expect(picks(a, [25, 75], 24).slice(22)).toEqual([0, 1]);
    // createWithPicks(23) has made that A pick already, so B comes next and A waits until 0.28.
    expect(picks(EdfScheduler.createWithPicks([25, 75], 23), [25, 75], 3)).toEqual([1, 1, 1]);
  });
});

describe('ROUND_ROBIN', () => {
  it('equal weights: strict rotation starting at seed mod n', () => {
    const hosts = endpoints(4);
    const lb = new RoundRobinLoadBalancer(6); // 6 mod 4 = 2
    const rnd = seeded('rr');
    expect(Array.from({ length: 6 }, () => lb.pick({ hosts, random: rnd })?.id)).toEqual([2, 3, 0, 1, 2, 3]);
  });

  it('keeps its index across host-set changes (Envoy keeps rr_index per source)', () => {
    const hosts = endpoints(4);
    const lb = new RoundRobinLoadBalancer(0);
    const rnd = seeded('rr');
    lb.pick({ hosts, random: rnd });
    lb.pick({ hosts, random: rnd }); // index now 2
    const three = hosts.slice(0, 3);
    expect(lb.pick({ hosts: three, random: rnd })?.id).toBe(2);
    expect(lb.pick({ hosts: three, random: rnd })?.id).toBe(0); // 3 mod 3
  });

  it('different seeds start different proxies on different hosts', () => {
    const hosts = endpoints(5);
    const firsts = new Set([0, 1, 2, 3, 4].map((s) => new RoundRobinLoadBalancer(s).pick({ hosts, random: seeded('x') })?.id));
    expect(firsts.size).toBe(5);
  });

  it('weighted: the EDF schedule from the seed-th pick on', () => {
    const hosts = endpoints(3, { weights: [1, 2, 3] });
    const lb = new RoundRobinLoadBalancer(2);
    const expected = picks(EdfScheduler.createWithPicks([1, 2, 3], 2), [1, 2, 3], 12);
    expect(Array.from({ length: 12 }, () => lb.pick({ hosts, random: seeded('w') })?.id)).toEqual(expected);
  });
});

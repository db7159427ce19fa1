import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CapacityChain } from '../../../src/experiments/planning/capacityChain.js';

describe('the capacity chain', () => {
  it('steps up the service whose count runs out first, in proportion to work', () => {
    const chain = new CapacityChain({ services: ['a', 'b'], work: { a: 2, b: 1 }, floor: { a: 1, b: 1 }, ceiling: 10 });
    const first = [0, 1, 2, 3, 4].map((k) => chain.at(k));
    // a steps at t = 0.5, 1, 1.5, …; b at t = 1, 2, …; both at t = 1.
    expect(first).toEqual([
      { a: 1, b: 1 },
      { a: 2, b: 1 },
      { a: 3, b: 2 },
      { a: 4, b: 2 },
      { a: 5, b: 3 },
    ]);
  });

  it('ends at the ceiling; a service with no work stays at its floor', () => {
    const chain = new CapacityChain({ services: ['a', 'b'], work: { a: 1, b: 0 }, floor: { a: 1, b: 2 }, ceiling: 3 });
    expect(chain.lastIndex()).toBe(2);
    expect(chain.at(2)).toEqual({ a: 3, b: 2 });
    expect(chain.at(3)).toBeUndefined();
  });

  it('elements read back the same across the stored copies (a long chain)', () => {
    const chain = new CapacityChain({ services: ['a', 'b'], work: { a: 1, b: 0.37 }, floor: { a: 1, b: 1 }, ceiling: 500 });
    const last = chain.lastIndex();
    expect(chain.at(last)).toEqual({ a: 500, b: 185 });
    // Element k is max(floor, ⌈work·t⌉) for some t: the t each count allows overlap.
    const work = { a: 1, b: 0.37 };
    for (const k of [1, 63, 64, 65, 127, 128, 200, 421, last]) {
      const e = chain.at(k)!;
      let lo = 0;
      let hi = Infinity;
      for (const [s, w] of Object.entries(work)) {
        const n = e[s]!;
        if (n > 1) lo = Math.max(lo, (n - 1) / w);
        hi = Math.min(hi, n / w);
      }
      expect(lo, `element ${k}: ${JSON.stringify(e)}`).toBeLessThan(hi * (1 + 1e-12));
    }
    // 499 steps of a and 184 of b, four of them together (t = 100, 200, 300, 400).
    expect(last).toBe(499 + 184 - 4);
  });

  it('every element is at least the one before it, in every service (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 5, noNaN: true }), { minLength: 1, maxLength: 5 }), (works) => {
        const services = works.map((_, i) => `s${i}`);
        const chain = new CapacityChain({ services, work: Object.fromEntries(works.map((w, i) => [`s${i}`, w])), floor: Object.fromEntries(services.map((s) => [s, 1])), ceiling: 60 });
        const last = chain.lastIndex();
        for (let k = 1; k <= last; k++) {
          const prev = chain.at(k - 1)!;
          const next = chain.at(k)!;
          expect(services.every((s) => next[s]! >= prev[s]!)).toBe(true);
          expect(services.some((s) => next[s]! > prev[s]!)).toBe(true);
        }
      }),
      { seed: 3, numRuns: 50 },
    );
  });
});

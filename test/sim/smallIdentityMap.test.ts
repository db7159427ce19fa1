import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SmallIdentityMap } from '../../src/sim/smallIdentityMap.js';

describe('SmallIdentityMap', () => {
  it('answers as a Map keyed by identity does, below and past its flat entries', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 40 }), { maxLength: 120 }), (ops) => {
        const keys = Array.from({ length: 41 }, (_, i) => ({ name: `k${i % 20}` })); // equal-looking keys, distinct objects
        const small = new SmallIdentityMap<object, number>();
        const model = new Map<object, number>();
        ops.forEach((k, step) => {
          const key = keys[k] as object;
          expect(small.get(key)).toBe(model.get(key));
          if (!model.has(key)) {
            small.add(key, step);
            model.set(key, step);
          }
        });
        expect(small.size).toBe(model.size);
        expect([...small.values()]).toEqual([...model.values()]);
      }),
      { seed: 11, numRuns: 200 },
    );
  });
});

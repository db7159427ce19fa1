import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WeightedChoice } from '../../src/policy/weightedChoice.js';
import { scripted, seeded } from './policyFixtures.js';

describe('WeightedChoice (Envoy weighted clusters, §7.2)', () => {
  it('maps v = floor(u·W) onto cumulative intervals [begin, begin+w)', () => {
    const c = new WeightedChoice([{ weight: 25, value: 'a' }, { weight: 75, value: 'b' }]);
    // u·100: 0 → a, 24.99 → a, 25 → b, 99.99 → b
    expect(c.chooseIndex(scripted(0))).toBe(0);
    expect(c.chooseIndex(scripted(0.2499))).toBe(0);
    expect(c.chooseIndex(scripted(0.25))).toBe(1);
    expect(c.chooseIndex(scripted(0.9999))).toBe(1);
  });

  it('needs no sum of 100 and never picks a zero weight', () => {
    const c = new WeightedChoice([{ weight: 1, value: 'a' }, { weight: 0, value: 'z' }, { weight: 2, value: 'b' }]);
    expect(c.total).toBe(3);
    expect(c.share(0)).toBeCloseTo(1 / 3, 12);
    const picks = [0, 0.33, 0.34, 0.66, 0.67, 0.99].map((u) => c.choose(scripted(u)));
    expect(picks).toEqual(['a', 'a', 'b', 'b', 'b', 'b']);
  });

  it('draws nothing for a single entry', () => {
    const r = scripted();
    expect(new WeightedChoice([{ weight: 7, value: 'x' }]).choose(r)).toBe('x');
    expect(r.used()).toBe(0);
  });

  it('rejects empty, negative and all-zero weights', () => {
    expect(() => new WeightedChoice([])).toThrow(RangeError);
    expect(() => new WeightedChoice([{ weight: -1, value: 1 }])).toThrow(RangeError);
    expect(() => new WeightedChoice([{ weight: 0, value: 1 }, { weight: 0, value: 2 }])).toThrow(RangeError);
  });

  it('converges to the shares w_i/Σw within binomial tolerance (property)', () => {
    // n draws per case; each share is checked against 5 binomial standard deviations
    // sqrt(p(1-p)/n): a false alarm has probability < 6e-7 per check.
    const n = 20_000;
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 2, maxLength: 5 }).filter((ws) => ws.some((w) => w > 0)), fc.integer(), (ws, seed) => {
        const c = new WeightedChoice(ws.map((weight, i) => ({ weight, value: i })));
        const counts = new Array<number>(ws.length).fill(0);
        const r = seeded(seed);
        for (let k = 0; k < n; k++) counts[c.chooseIndex(r)]! += 1;
        ws.forEach((w, i) => {
          const p = w / c.total;
          const tol = 5 * Math.sqrt((p * (1 - p)) / n);
          expect(Math.abs((counts[i] as number) / n - p)).toBeLessThanOrEqual(tol);
          if (w === 0) expect(counts[i]).toBe(0);
        });
      }),
      { seed: 20261127, numRuns: 40 },
    );
  });
});

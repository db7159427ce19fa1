import { describe, expect, it } from 'vitest';
import { createDistribution } from '../../src/models/distributionFromSpec.js';
import { createStream } from '../../src/sim/randomStreams.js';

describe('createDistribution', () => {
  it('builds each spec kind with its exact mean', () => {
    expect(createDistribution({ dist: 'constant', value: 0.25 }).mean).toBe(0.25);
    expect(createDistribution({ dist: 'exponential', mean: 0.01 }).mean).toBe(0.01);
    expect(createDistribution({ dist: 'gamma', mean: 0.02, cv: 0.5 }).scv).toBeCloseTo(0.25, 12);
    const lognormal = createDistribution({ dist: 'lognormal', median: 0.01, p99: 0.05 });
    expect(lognormal.mean).toBeGreaterThan(0.01);
  });

  it('builds nested mixtures recursively, weighting component means', () => {
    const d = createDistribution({
      dist: 'mixture',
      of: [
        { weight: 3, dist: { dist: 'constant', value: 1 } },
        { weight: 1, dist: { dist: 'mixture', of: [{ weight: 1, dist: { dist: 'constant', value: 5 } }] } },
      ],
    });
    expect(d.mean).toBeCloseTo(0.75 * 1 + 0.25 * 5, 12);
    const rng = createStream(1, 'test/mixture');
    const draws = new Set<number>();
    for (let i = 0; i < 200; i++) draws.add(d.sample(rng));
    expect([...draws].sort()).toEqual([1, 5]);
  });
});

import { describe, expect, it } from 'vitest';
import { mmcMeanSojourn, mmcSojournQuantile } from '../../src/experiments/closedForms/erlangC.js';
import { runScenario } from '../../src/experiments/runScenario.js';
import { loadScenario } from '../../src/scenarios/loadScenario.js';

/**
 * Must show (issue 6): the 95% interval covers the true value at about the nominal rate.
 *
 * What the interval is of: the t interval over replications covers the expected value of
 * the per-replication mean latency. That equals the steady-state W only when each
 * replication's mean is (nearly) unbiased: the initial transient (the queue starts empty)
 * and the ratio estimator (sum / count) both bias short runs. The fixture makes both far
 * smaller than the interval: light load (ρ = 0.5, relaxation time 1/(μ(1−√ρ)²) ≈ 12 s) and
 * a 100 s warm-up leave e^(−100/12) ≈ 2e-4 of the start-up deficit; the ratio bias is
 * O(1/n) with n ≈ 2000 requests per replication; the half-width is ≈ 9% of W.
 *
 * 100 sets × 5 replications, each set under its own master seed (so the sets are
 * independent); binomial(100, 0.95) lies in [90, 99] with probability ≈ 0.98.
 */
const FIXTURE = 'test/experiments/fixtures/mm1-light.yaml';
const W = mmcMeanSojourn({ lambda: 0.5, mu: 1, servers: 1 });
/** Sojourn time in an M/M/1 is Exp(μ − λ): p99 = ln(100)·W. */
const P99 = mmcSojournQuantile({ lambda: 0.5, mu: 1, servers: 1 }, 0.99);
const SETS = 100;
const REPLICATIONS = 5;

describe('ci95 coverage over independent M/M/1 replication sets', () => {
  it(`the mean and p99 intervals cover W = 2 s and ln(100)·W in 90–99 of ${SETS} sets`, async () => {
    expect(W).toBeCloseTo(2, 12);
    let covered = 0;
    let p99Covered = 0;
    let widthSum = 0;
    for (let set = 0; set < SETS; set++) {
      const { scenario } = loadScenario(FIXTURE, { seed: 10_000 + set, replications: REPLICATIONS });
      const { results } = await runScenario(scenario, { workers: 1 });
      const ci = results.endToEnd.ci95?.mean;
      expect(ci, 'an interval with 5 replications').toBeDefined();
      const [lo, hi] = ci ?? [0, 0];
      if (lo <= W && W <= hi) covered++;
      widthSum += (hi - lo) / 2 / W;
      // The p99 interval is of the expected per-replication sample p99, whose bias at
      // ~2000 requests is small next to the interval (measured: 95/100 here, 97 at 10× longer).
      const [p99lo, p99hi] = results.endToEnd.ci95?.p99 ?? [0, 0];
      if (p99lo <= P99 && P99 <= p99hi) p99Covered++;
    }
    console.log(`ci95 coverage: mean ${covered}/${SETS}, p99 ${p99Covered}/${SETS}; mean relative half-width ${((widthSum / SETS) * 100).toFixed(1)}%`);
    // The interval must be narrow enough to mean something (a huge interval covers anything).
    expect(widthSum / SETS).toBeLessThan(0.15);
    expect(covered).toBeGreaterThanOrEqual(90);
    expect(covered).toBeLessThanOrEqual(99);
    expect(P99).toBeCloseTo(2 * Math.log(100), 6);
    expect(p99Covered).toBeGreaterThanOrEqual(90);
    expect(p99Covered).toBeLessThanOrEqual(99);
  });
});

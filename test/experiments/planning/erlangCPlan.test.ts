import { describe, expect, it } from 'vitest';
import { mmcMeanSojourn, mmcSojournQuantile } from '../../../src/experiments/closedForms/erlangC.js';
import { planReplicas } from '../../../src/experiments/planning/planSearch.js';
import { mmkScenario, request, scenarioFrom, slos } from './planFixtures.js';

/**
 * The exact answer, from the closed form alone: the fewest replicas n such that an
 * M/M/k queue fed λ/n meets the objective (validation case D2's formulas).
 */
function exactReplicas(rate: number, serviceMs: number, k: number, figure: (p: { lambda: number; mu: number; servers: number }) => number, threshold: number): number {
  const mu = 1000 / serviceMs;
  for (let n = 1; ; n++) {
    const lambda = rate / n;
    if (lambda < k * mu && figure({ lambda, mu, servers: k }) < threshold) return n;
  }
}

const p99 = (p: { lambda: number; mu: number; servers: number }): number => mmcSojournQuantile(p, 0.99);

// Thresholds sit between the closed form at n* and at n* − 1 with at least ~10% on each
// side, so the 95% intervals of a few replications can tell them apart (the plan is
// judged on intervals, so a threshold on the knife's edge would stay undecided).
const CASES = [
  { rate: 400, serviceMs: 10, k: 2, slo: 'p99<65ms', figure: p99, threshold: 0.065 },
  { rate: 500, serviceMs: 10, k: 1, slo: 'p99<140ms', figure: p99, threshold: 0.14 },
  { rate: 1000, serviceMs: 4, k: 1, slo: 'mean<10.5ms', figure: mmcMeanSojourn, threshold: 0.0105 },
  { rate: 300, serviceMs: 20, k: 4, slo: 'mean<25ms', figure: mmcMeanSojourn, threshold: 0.025 },
];

describe('plan on a single M/M/k service equals the exact Erlang C answer', () => {
  for (const c of CASES) {
    it(`λ=${c.rate}/s, S=${c.serviceMs}ms, k=${c.k}, ${c.slo}`, async () => {
      const exact = exactReplicas(c.rate, c.serviceMs, c.k, c.figure, c.threshold);
      const { scenario } = scenarioFrom(mmkScenario(c));
      const plan = await planReplicas(request(scenario, slos(c.slo)));
      expect(plan.feasible).toBe(true);
      expect(plan.analytic.estimate?.server).toBe(exact);
      expect(plan.counts.server).toBe(exact);
      // The stopping rule was judged by simulation: one fewer is violated (or below the floor).
      expect(['violated', 'unstable']).toContain(plan.minusOne.server?.why);
      expect(plan.evaluation?.verdict).toBe('holds');
    });
  }
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planReplicas } from '../../../src/experiments/planning/planSearch.js';
import { mmkScenario, request, scenarioFrom, slos } from './planFixtures.js';

/**
 * Monotonicity of the plan (docs/planning.md, "Why the plan is monotone"), on single-service
 * M/M/k meshes with short runs so each property stays fast. Fixed fast-check seeds: a
 * failure prints the case and replays.
 */
const mesh = fc.record({
  rate: fc.integer({ min: 100, max: 400 }),
  serviceMs: fc.constantFrom(5, 10, 20),
  k: fc.integer({ min: 1, max: 4 }),
  metric: fc.constantFrom('p99', 'mean'),
  // The objective as a multiple of the bare service time: from tight to loose.
  slack: fc.double({ min: 1.5, max: 6, noNaN: true }),
});

function objective(m: { metric: string; serviceMs: number; slack: number }, factor = 1): string {
  const base = m.metric === 'p99' ? 4.6 * m.serviceMs : m.serviceMs;
  return `${m.metric}<${(base * m.slack * factor).toFixed(2)}ms`;
}

/** Every count planned, so the tests can show they were not all trivial. */
const seen: number[] = [];

async function plannedReplicas(m: { rate: number; serviceMs: number; k: number }, slo: string, load: number): Promise<number | undefined> {
  const { scenario } = scenarioFrom(mmkScenario({ ...m, duration: '10s' }));
  const plan = await planReplicas(request(scenario, slos(slo), { load, replications: 3, maxReplications: 6, maxReplicas: 60 }));
  if (plan.feasible) seen.push(plan.counts.server as number);
  return plan.feasible ? plan.counts.server : undefined;
}

describe('plan monotonicity (fast-check)', () => {
  it('more load never plans fewer replicas', async () => {
    await fc.assert(
      fc.asyncProperty(mesh, fc.double({ min: 1.05, max: 2, noNaN: true }), async (m, more) => {
        const slo = objective(m);
        const light = await plannedReplicas(m, slo, 1);
        const heavy = await plannedReplicas(m, slo, more);
        // Infeasible under the heavier load is "more" than any count.
        return heavy === undefined || (light !== undefined && heavy >= light);
      }),
      { seed: 11, numRuns: 8 },
    );
  });

  it('a looser objective never plans more replicas', async () => {
    await fc.assert(
      fc.asyncProperty(mesh, fc.double({ min: 1.05, max: 3, noNaN: true }), async (m, looser) => {
        const tight = await plannedReplicas(m, objective(m), 1);
        const loose = await plannedReplicas(m, objective(m, looser), 1);
        return tight === undefined || (loose !== undefined && loose <= tight);
      }),
      { seed: 12, numRuns: 8 },
    );
  });

  it('the cases were not trivial: plans of several sizes were made', () => {
    expect(new Set(seen).size).toBeGreaterThanOrEqual(3);
  });
});

import { describe, it } from 'vitest';
import { forkJoinTwoMeanResponse } from '../../src/experiments/closedForms/singleServer.js';
import { expectLittlesLaw, expectMatchesClosedForm, REPLICATIONS, runReplications } from './replications.js';

// D7: fork-join over K = 2 homogeneous M/M/1 servers at ρ = 0.5: R₂ = (12 − ρ)/8 · 1/(μ − λ) = 2.875.
describe('fork-join with two branches (validation case D7)', async () => {
  const runs = await runReplications('test/validation/scenarios/forkjoin.yaml', REPLICATIONS);

  it('mean response time is the exact 2.875 within 2%', () => {
    expectMatchesClosedForm('fork-join mean', runs.map((r) => r.endToEnd.latency.mean), forkJoinTwoMeanResponse(0.5, 1), 0.02);
  });

  it("Little's law holds on every run", () => runs.forEach(expectLittlesLaw));
});

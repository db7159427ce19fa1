import { describe, it } from 'vitest';
import { deterministicArrivalsSigma } from '../../src/experiments/closedForms/singleServer.js';
import { expectLittlesLaw, expectMatchesClosedForm, REPLICATIONS, runReplications } from './replications.js';

// D4: D/M/1 at ρ = 0.8 — exact GI/M/1: σ = 0.62863, sojourn ~ Exp(μ(1 − σ)), W = 2.6927.
describe('D/M/1 exact (validation case D4)', async () => {
  const sigma = deterministicArrivalsSigma(0.8, 1);
  const runs = await runReplications('test/validation/scenarios/dm1.yaml', REPLICATIONS);

  it('mean response time is 1/(μ(1 − σ)) = 2.6927 within 2%', () => {
    expectMatchesClosedForm('D/M/1 mean', runs.map((r) => r.endToEnd.latency.mean), 1 / (1 - sigma), 0.02);
  });

  it('p99 is ln(100)/(μ(1 − σ)) within 4%', () => {
    expectMatchesClosedForm('D/M/1 p99', runs.map((r) => r.endToEnd.latency.p99), Math.log(100) / (1 - sigma), 0.04);
  });

  it("Little's law holds on every run", () => runs.forEach(expectLittlesLaw));
});

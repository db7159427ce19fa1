import { describe, it } from 'vitest';
import { mmcMeanSojourn, mmcSojournQuantile } from '../../src/experiments/closedForms/erlangC.js';
import { expectLittlesLaw, expectMatchesClosedForm, REPLICATIONS, runReplications } from './replications.js';

// D2: M/M/4 at ρ = 0.8 (λ = 3.2, μ = 1): Erlang C 0.5964, W = 1.7455.
describe('M/M/c against Erlang C (validation case D2)', async () => {
  const p = { lambda: 3.2, mu: 1, servers: 4 };
  const runs = await runReplications('test/validation/scenarios/mmc.yaml', REPLICATIONS);

  it('mean response time is Wq + 1/μ = 1.7455 within 2%', () => {
    expectMatchesClosedForm('M/M/4 mean', runs.map((r) => r.endToEnd.latency.mean), mmcMeanSojourn(p), 0.02);
  });

  it('p99 matches the Erlang C sojourn distribution within 4%', () => {
    expectMatchesClosedForm('M/M/4 p99', runs.map((r) => r.endToEnd.latency.p99), mmcSojournQuantile(p, 0.99), 0.04);
  });

  it("Little's law holds on every run", () => runs.forEach(expectLittlesLaw));
});

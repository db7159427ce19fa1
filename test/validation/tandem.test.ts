import { describe, expect, it } from 'vitest';
import { sumOfExponentialsQuantile } from '../../src/experiments/closedForms/hypoexponential.js';
import { expectLittlesLaw, expectMatchesClosedForm, REPLICATIONS, runReplications } from './replications.js';

// D5: two M/M/1 stations in tandem, λ = 0.5, μ = 1, 1 — end to end Erlang(2, 0.5):
// W = 4, p99 = 13.28, not the sum of per-station p99s (18.42).
describe('two-station tandem (validation case D5)', async () => {
  const runs = await runReplications('test/validation/scenarios/tandem.yaml', REPLICATIONS);
  const p99 = sumOfExponentialsQuantile([0.5, 0.5], 0.99);

  it('mean end-to-end time is Σ 1/(μᵢ − λ) = 4 within 2%', () => {
    expectMatchesClosedForm('tandem mean', runs.map((r) => r.endToEnd.latency.mean), 4, 0.02);
  });

  it('end-to-end p99 is the Erlang(2, 0.5) quantile 13.28 within 4%', () => {
    expectMatchesClosedForm('tandem p99', runs.map((r) => r.endToEnd.latency.p99), p99, 0.04);
  });

  it('and is well below the naive sum of per-station p99s', () => {
    const sumOfStationP99 = runs.map((r) => (r.services.station1?.latency.p99 ?? 0) + (r.services.station2?.latency.p99 ?? 0));
    const mean = sumOfStationP99.reduce((a, b) => a + b, 0) / sumOfStationP99.length;
    expect(mean).toBeGreaterThan(1.3 * p99); // 18.42 vs 13.28
  });

  it("Little's law holds on every run", () => runs.forEach(expectLittlesLaw));
});

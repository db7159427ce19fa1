import { describe, expect, it } from 'vitest';
import { mmcSojournQuantile } from '../../src/experiments/closedForms/erlangC.js';
import { expectLittlesLaw, expectMatchesClosedForm, REPLICATIONS, runReplications } from './replications.js';

// D1: M/M/1 at λ = 0.8, μ = 1 — W = 5, response time Exp(0.2), p99 = ln(100)/0.2 = 23.03.
describe('M/M/1 (validation case D1)', async () => {
  const runs = await runReplications('test/validation/scenarios/mm1.yaml', REPLICATIONS);

  it('mean response time is 1/(μ − λ) = 5 within 2%', () => {
    expectMatchesClosedForm('M/M/1 mean', runs.map((r) => r.endToEnd.latency.mean), 5, 0.02);
  });

  it('p99 is ln(100)/(μ − λ) = 23.03 within 4%', () => {
    expect(mmcSojournQuantile({ lambda: 0.8, mu: 1, servers: 1 }, 0.99)).toBeCloseTo(Math.log(100) / 0.2, 6);
    expectMatchesClosedForm('M/M/1 p99', runs.map((r) => r.endToEnd.latency.p99), Math.log(100) / 0.2, 0.04);
  });

  it('utilization is ρ = 0.8 within 2%', () => {
    expectMatchesClosedForm('M/M/1 utilization', runs.map((r) => r.services.server?.utilization ?? 0), 0.8, 0.02);
  });

  it("Little's law holds on every run", () => runs.forEach(expectLittlesLaw));
});

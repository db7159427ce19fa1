import { describe, it } from 'vitest';
import { pollaczekKhinchineWait } from '../../src/experiments/closedForms/singleServer.js';
import { expectLittlesLaw, expectMatchesClosedForm, REPLICATIONS, runReplications } from './replications.js';

// D3: M/D/1 at ρ = 0.8 — Pollaczek–Khinchine with Cs² = 0: Wq = 2.0, W = 3.0.
describe('M/D/1 against Pollaczek–Khinchine (validation case D3)', async () => {
  const runs = await runReplications('test/validation/scenarios/md1.yaml', REPLICATIONS);

  it('mean response time is Wq + 1 = 3.0 within 2%', () => {
    expectMatchesClosedForm('M/D/1 mean', runs.map((r) => r.endToEnd.latency.mean), pollaczekKhinchineWait(0.8, 1, 0) + 1, 0.02);
  });

  it("Little's law holds on every run", () => runs.forEach(expectLittlesLaw));
});

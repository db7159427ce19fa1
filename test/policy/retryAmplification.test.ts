import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { localOutcome, upstreamResponse, type AttemptOutcome } from '../../src/policy/attemptOutcome.js';
import { ConnectionPoolState, ISTIO_DEFAULT_CONNECTION_POOL } from '../../src/policy/connectionPool.js';
import { Diagnostics } from '../../src/policy/diagnostics.js';
import { compileRetryPolicy, ISTIO_DEFAULT_RETRY_POLICY, type RetryPolicyConfig } from '../../src/policy/retryPolicy.js';
import { RetryState } from '../../src/policy/retryState.js';

/**
 * Retry amplification against closed forms, driving the policy objects the way the
 * proxy model will: pick a host, attempt, report, ask shouldRetry.
 * Tolerances: 4 standard errors of the estimated mean (false-failure rate ~6e-5).
 */

interface RunResult {
  meanAttempts: number;
  failureRate: number;
  varAttempts: number;
}

function run(policy: RetryPolicyConfig, hosts: number, attempt: (host: number, u: () => number) => AttemptOutcome, n: number, seed: string): RunResult {
  const rng = seedrandom.alea(seed);
  const u = () => rng();
  const pool = new ConnectionPoolState(ISTIO_DEFAULT_CONNECTION_POOL);
  let sum = 0;
  let sumSq = 0;
  let failed = 0;
  for (let i = 0; i < n; i++) {
    const state = new RetryState(policy, pool, { next: u });
    let tries = 0;
    for (;;) {
      const host = state.selectHost(() => Math.floor(u() * hosts), (h) => h) as number;
      state.onHostAttempted(host);
      tries++;
      const outcome = attempt(host, u);
      const decision = state.shouldRetry(outcome, 0);
      if (!decision.retry) {
        if (outcome.status >= 500) failed++;
        break;
      }
    }
    state.finish();
    sum += tries;
    sumSq += tries * tries;
  }
  const mean = sum / n;
  return { meanAttempts: mean, failureRate: failed / n, varAttempts: sumSq / n - mean * mean };
}

describe('retry amplification (closed forms)', () => {
  const n = 40000;

  it('independent 503s with p = 0.3, attempts 2, retryOn 5xx: E[tries] = 1 + p + p², P(fail) = p³', () => {
    const p = 0.3;
    const policy = compileRetryPolicy({ attempts: 2, retryOn: '5xx' }, [], new Diagnostics());
    const r = run(policy, 3, (_h, u) => (u() < p ? upstreamResponse(503) : upstreamResponse(200)), n, 'amp-5xx');
    const expectedTries = 1 + p + p * p;
    // Var of tries ∈ {1,2,3} with probabilities (1−p), p(1−p), p².
    const ex2 = (1 - p) + 4 * p * (1 - p) + 9 * p * p;
    const varTries = ex2 - expectedTries ** 2;
    expect(Math.abs(r.meanAttempts - expectedTries)).toBeLessThan(4 * Math.sqrt(varTries / n));
    const pf = p ** 3;
    expect(Math.abs(r.failureRate - pf)).toBeLessThan(4 * Math.sqrt((pf * (1 - pf)) / n));
  });

  it('Istio default policy with 503s: no amplification at all (exactly 1 try, failure rate = p)', () => {
    const p = 0.3;
    const r = run(ISTIO_DEFAULT_RETRY_POLICY, 3, (_h, u) => (u() < p ? upstreamResponse(503) : upstreamResponse(200)), n, 'amp-default');
    expect(r.meanAttempts).toBe(1);
    expect(r.varAttempts).toBe(0);
    expect(Math.abs(r.failureRate - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / n));
  });

  it('one of 3 hosts refuses connections: previous_hosts makes a failed request ~impossible', () => {
    // First pick hits the dead host w.p. 1/3; each retry lands on it again only if all 6 picks do: (1/3)^6.
    // E[tries] = 1 + 1/3 + (1/3)(1/729); P(fail) = (1/3)(1/729)^2 ≈ 6e-7 → expect 0 failures in 40k.
    const r = run(ISTIO_DEFAULT_RETRY_POLICY, 3, (h) => (h === 0 ? localOutcome('connectFailure') : upstreamResponse(200)), n, 'amp-prevhost');
    const q = 1 / 3;
    const expectedTries = 1 + q + q / 729;
    const ex2 = (1 - q) + 4 * q * (1 - 1 / 729) + 9 * (q / 729);
    const varTries = ex2 - expectedTries ** 2;
    expect(Math.abs(r.meanAttempts - expectedTries)).toBeLessThan(4 * Math.sqrt(varTries / n));
    expect(r.failureRate).toBe(0);
  });

  it('without previous_hosts the same dead host fails (1/3)^3 of requests', () => {
    const policy = compileRetryPolicy({ attempts: 2, retryIgnorePreviousHosts: false }, [], new Diagnostics());
    const r = run(policy, 3, (h) => (h === 0 ? localOutcome('connectFailure') : upstreamResponse(200)), n, 'amp-noprev');
    const pf = 1 / 27;
    expect(Math.abs(r.failureRate - pf)).toBeLessThan(4 * Math.sqrt((pf * (1 - pf)) / n));
  });
});

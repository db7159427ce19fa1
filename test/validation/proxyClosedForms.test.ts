import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import type { Results } from '../../src/report/results.js';
import { expectMatchesClosedForm, REPLICATIONS, runReplications } from './replications.js';

/**
 * Closed forms through full scenarios with the sidecar data plane and real Istio YAML
 * (issue 4; docs/semantics/validation-cases.md B1, D6, D8, D10). Counts are checked against their
 * exact expectation with a 99.9% binomial (or multinomial) band; means with
 * expectMatchesClosedForm (2%, and the 99.9% t interval).
 */

const FIXTURES = 'test/fixtures/proxy';
/** Two-sided 99.9% normal quantile. */
const Z999 = 3.29;

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/** |observed share − p| within Z999 binomial standard errors of n trials. */
function expectBinomialShare(label: string, successes: number, n: number, p: number): void {
  const se = Math.sqrt((p * (1 - p)) / n);
  const share = successes / n;
  const summary = `${label}: ${share.toPrecision(5)} of ${n} vs ${p.toPrecision(5)} (±${(Z999 * se).toPrecision(3)} at 99.9%)`;
  console.log(summary);
  expect(Math.abs(share - p), summary).toBeLessThanOrEqual(Z999 * se);
}

function edge(r: Results, from: string, to: string) {
  const e = r.edges.find((x) => x.from === from && x.to === to);
  if (!e) throw new Error(`no edge ${from} → ${to}`);
  return e;
}

describe('B1: retries multiply across layers (VirtualService retries on an always-failing leaf)', () => {
  it('3 attempts per layer over 3 layers: the leaf sees exactly 27 attempts per user request', async () => {
    const [r] = await runReplications(`${FIXTURES}/retry-amplification.yaml`, 1);
    const res = r as Results;
    expect(res.endToEnd.requests).toBe(200); // constant arrivals, 20/s for 10 s
    expect(res.endToEnd.failed).toBe(200);
    expect(res.services.leaf?.requests).toBe(27 * 200);
    expect(edge(res, 'b', 'leaf').attempts).toBe(27 * 200);
    expect(edge(res, 'a', 'b').attempts).toBe(9 * 200);
    expect(edge(res, 'users', 'a').attempts).toBe(3 * 200);
    // Retries counted per callee: attempts − calls on every layer.
    expect(res.services.leaf?.retries).toBe(27 * 200 - 9 * 200);
    expect(res.endToEnd.failures['dependency failed,URX']).toBe(200);
  });

  it('4 attempts per layer over 3 layers: 64 per user request', async () => {
    const [r] = await runReplications(`${FIXTURES}/retry-amplification-4.yaml`, 1);
    const res = r as Results;
    const n = res.endToEnd.requests; // constant arrivals at 10/s: about 100
    expect(Math.abs(n - 100)).toBeLessThanOrEqual(1);
    expect(res.services.leaf?.requests).toBe(64 * n);
    expect(edge(res, 'b', 'leaf').attempts).toBe(64 * n);
  });
});

describe('D6: Bernoulli retry feedback, M/M/1 with p = 0.2 app errors and 2 retries on 5xx', async () => {
  const runs = await runReplications(`${FIXTURES}/bernoulli-retry.yaml`, REPLICATIONS);
  const p = 0.2;
  const r = 2;
  const lambda = 50;
  const mu = 100;
  const a = (1 - p ** (r + 1)) / (1 - p); // 1.24 attempts per request
  const visit = 1 / (mu - lambda * a); // each visit of the M/M/1 node (BCMP: arrival theorem)
  // backoff.ts: retry k waits a uniform whole number of ms in [0, I_k), I = 25, 50, …; mean (I_k − 1)/2 ms.
  const backoffMean = [0.012, 0.0245];
  const requests = sum(runs.map((x) => x.endToEnd.requests));

  it('attempts per request are (1 − p³)/(1 − p) = 1.24 within the multinomial error', () => {
    const attempts = sum(runs.map((x) => edge(x, 'client', 'server').attempts));
    // A ∈ {1, 2, 3} with probabilities 0.8, 0.16, 0.04: Var A = 1.8 − 1.24² = 0.2624.
    const varA = 1 * (1 - p) + 4 * p * (1 - p) + 9 * p * p - a * a;
    const se = Math.sqrt(varA / requests);
    const perRequest = attempts / requests;
    console.log(`D6 attempts/request ${perRequest.toFixed(5)} vs ${a} (±${(Z999 * se).toFixed(5)})`);
    expect(Math.abs(perRequest - a)).toBeLessThanOrEqual(Z999 * se);
    // And the server saw exactly those attempts; retries = attempts − requests.
    expect(sum(runs.map((x) => x.services.server?.requests ?? 0))).toBe(attempts);
    expect(sum(runs.map((x) => x.services.server?.retries ?? 0))).toBe(attempts - requests);
  });

  it('final failures are p³ = 0.008 within the binomial error, all "app error,URX"', () => {
    const failed = sum(runs.map((x) => x.endToEnd.failed));
    expect(sum(runs.map((x) => x.endToEnd.failures['app error,URX'] ?? 0))).toBe(failed);
    expectBinomialShare('D6 final failure', failed, requests, p ** (r + 1));
  });

  it('server utilization is λa/μ = 0.62', () => {
    expectMatchesClosedForm('D6 utilization', runs.map((x) => x.services.server?.utilization ?? 0), (lambda * a) / mu, 0.02);
  });

  it("mean time per request (Little's law) is a/(μ − λa) + Σ p^k·E[backoff_k] = 36.0 ms", () => {
    const exact = a * visit + p * backoffMean[0]! + p * p * backoffMean[1]!;
    // Without the backoff term the form would be 8.6% lower: the check resolves it.
    expect(exact / (a * visit) - 1).toBeGreaterThan(0.08);
    expectMatchesClosedForm('D6 mean time per request', runs.map((x) => x.endToEnd.concurrency / x.endToEnd.rate), exact, 0.02);
  });

  it('mean latency of successful requests is the same form conditioned on success (35.4 ms)', () => {
    // k failures then a success: probability p^k(1 − p)/(1 − p^{r+1}), time (k + 1) visits + k backoffs.
    let exact = 0;
    let backoffSoFar = 0;
    for (let k = 0; k <= r; k++) {
      if (k > 0) backoffSoFar += backoffMean[k - 1]!;
      exact += ((p ** k * (1 - p)) / (1 - p ** (r + 1))) * ((k + 1) * visit + backoffSoFar);
    }
    expectMatchesClosedForm('D6 mean latency of successes', runs.map((x) => x.endToEnd.latency.mean), exact, 0.02);
  });
});

describe('D10: route timeout without cancellation on an M/M/1 (ρ = 0.8, τ = 50 ms)', async () => {
  const runs = await runReplications(`${FIXTURES}/route-timeout.yaml`, REPLICATIONS);
  const nu = 100 - 80; // μ − λ: the sojourn time is Exp(ν)
  const tau = 0.05;

  it('the caller gives up (504 UT) on e^{−(μ−λ)τ} = 36.8% of requests', () => {
    const requests = sum(runs.map((x) => x.endToEnd.requests));
    const ut = sum(runs.map((x) => x.endToEnd.failures.UT ?? 0));
    expect(sum(runs.map((x) => x.endToEnd.failed))).toBe(ut);
    // Successive sojourn times are correlated, so the binomial band is only a guide: check
    // the replication-to-replication spread instead, with the 2% / 99.9% rule.
    expectMatchesClosedForm('D10 UT fraction', runs.map((x) => (x.endToEnd.failures.UT ?? 0) / x.endToEnd.requests), Math.exp(-nu * tau), 0.02);
    expect(ut / requests).toBeGreaterThan(0.3);
  });

  it('the server still does all the work: utilization ρ = 0.8 and one service request per arrival', () => {
    expectMatchesClosedForm('D10 utilization', runs.map((x) => x.services.server?.utilization ?? 0), 0.8, 0.02);
    for (const x of runs) {
      expect(x.services.server?.requests).toBe(x.endToEnd.requests);
      expect(x.services.server?.failed).toBe(0);
      expect(edge(x, 'client', 'server').attempts).toBe(x.endToEnd.requests); // a route timeout is never retried
    }
  });

  it('successful requests are the sojourn times below τ: mean 1/ν − τe^{−ντ}/(1 − e^{−ντ}) = 20.9 ms', () => {
    const q = Math.exp(-nu * tau);
    expectMatchesClosedForm('D10 mean of successes', runs.map((x) => x.endToEnd.latency.mean), 1 / nu - (tau * q) / (1 - q), 0.02);
  });
});

describe('D8: LEAST_REQUEST over 100 single-worker replicas is power-of-two-choices; RANDOM is 100 M/M/1 queues', async () => {
  // Six 4000 s runs each. Measured run-to-run sd of the mean: about 2% for LEAST_REQUEST and
  // 6% for RANDOM (ρ = 0.9 queues relax slowly), so the 95% half-widths are about 2% and 6.5%:
  // enough to tell LEAST_REQUEST 5% off, and RANDOM from anything near 2.6 s.
  const R = 6;
  const leastRequest = await runReplications(`${FIXTURES}/least-request-100.yaml`, R);
  const random = await runReplications(`${FIXTURES}/least-request-100-random.yaml`, R);
  // Supermarket model, d = 2, λ = 0.9, n → ∞: T = Σ_{i≥1} λ^{2^i − 2} = 2.6141 s.
  let supermarket = 0;
  for (let i = 1; i < 12; i++) supermarket += 0.9 ** (2 ** i - 2);

  /** Mean over runs with t(5) half-widths: 95% (resolution) and 99.9% (containment). */
  function interval(values: number[]): { mean: number; half95: number; half999: number } {
    const n = values.length;
    const mean = sum(values) / n;
    const se = Math.sqrt(sum(values.map((v) => (v - mean) ** 2)) / (n - 1)) / Math.sqrt(n);
    return { mean, half95: 2.571 * se, half999: 6.869 * se };
  }

  it('LEAST_REQUEST mean is within 5% above the n → ∞ value 2.6141 s (finite n runs slightly above)', () => {
    expect(supermarket).toBeCloseTo(2.6141, 4);
    const { mean, half95, half999 } = interval(leastRequest.map((x) => x.endToEnd.latency.mean));
    console.log(`D8 LEAST_REQUEST mean ${mean.toFixed(4)} s (95% ±${half95.toFixed(4)}, 99.9% ±${half999.toFixed(4)}) vs ${supermarket.toFixed(4)}`);
    expect(half95 / mean).toBeLessThan(0.025); // enough runs to tell 5% apart
    expect(mean).toBeGreaterThan(supermarket - half999); // not below the n → ∞ limit
    expect(mean).toBeLessThan(supermarket * 1.05);
  });

  it('RANDOM gives independent M/M/1 queues at ρ = 0.9: mean 10 s, four times the LEAST_REQUEST mean', () => {
    const { mean, half95, half999 } = interval(random.map((x) => x.endToEnd.latency.mean));
    console.log(`D8 RANDOM mean ${mean.toFixed(3)} s (95% ±${half95.toFixed(3)}, 99.9% ±${half999.toFixed(3)}) vs 10`);
    expect(half95 / 10).toBeLessThan(0.08);
    expect(Math.abs(mean - 10)).toBeLessThanOrEqual(half999);
    expect(mean / interval(leastRequest.map((x) => x.endToEnd.latency.mean)).mean).toBeGreaterThan(3.5);
  });

  it('both keep every replica at ρ = 0.9 and serve every request', () => {
    for (const x of [...leastRequest, ...random]) {
      expect(x.endToEnd.failed).toBe(0);
      expect(Math.abs((x.services.server?.utilization ?? 0) - 0.9)).toBeLessThan(0.01);
    }
  });
});

describe('weighted split: the bookinfo samples destination-rule-all + virtual-service-reviews-80-20, unmodified', async () => {
  // destination-rule-all.yaml also covers ratings and details, which this fixture does not have: the loader says so (IST0174).
  const runs = await runReplications(`${FIXTURES}/weighted-split.yaml`, 3, [], /spec\.host: The host ratings defined in the DestinationRule does not match any services in the mesh .*\[IST0174\]/);

  it('reviews v1 gets 80% of calls within the binomial error, v2 the rest, v3 none', () => {
    const v1 = sum(runs.map((x) => x.services.reviews?.versions?.v1?.requests ?? 0));
    const v2 = sum(runs.map((x) => x.services.reviews?.versions?.v2?.requests ?? 0));
    const v3 = sum(runs.map((x) => x.services.reviews?.versions?.v3?.requests ?? 0));
    expect(v3).toBe(0);
    expect(v1 + v2).toBe(sum(runs.map((x) => x.endToEnd.requests)));
    expectBinomialShare('reviews v1 share', v1, v1 + v2, 0.8);
  });
});

describe('F3: Envoy zone-aware routing through the mesh (zoneAwareLbSetting)', async () => {
  // Runs like runReplications but keeps stderr: zoneAwareLbSetting always warns about
  // ISTIO_META_ENABLE_SELF_DISCOVERY, which is the point of that warning.
  let stdout = '';
  let stderr = '';
  const status = await main(['run', `${FIXTURES}/zone-aware-f3.yaml`, '--json', '-'], {
    stdout: (x) => void (stdout += x),
    stderr: (x) => void (stderr += x),
  });
  const r = JSON.parse(stdout) as Results;

  it('runs, warning only about self-discovery', () => {
    expect(status).toBe(0);
    expect(stderr).toMatch(/ISTIO_META_ENABLE_SELF_DISCOVERY/);
  });

  // Each caller proxy hands the balancer its own service's spread over zones (Envoy's
  // local cluster), so zone-aware routing applies as in Envoy's worked example.
  it('callers in a keep 66.7% local, callers in b and c 100%: cross-zone = share of a calls × 1/3', () => {
    const n = edge(r, 'caller', 'upstream').attempts;
    const fromA = r.services.caller?.versions?.a?.requests ?? 0;
    const expected = (fromA / r.endToEnd.requests) * (1 / 3);
    const crossZone = edge(r, 'caller', 'upstream').crossZone;
    console.log(`F3 cross-zone ${crossZone.toFixed(4)} vs ${expected.toFixed(4)}`);
    expect(Math.abs(crossZone - expected)).toBeLessThanOrEqual(Z999 * Math.sqrt((expected * (1 - expected)) / n));
  });
});

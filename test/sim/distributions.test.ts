import { gammaln } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { constant, empirical, exponential, gamma, lognormal, mixture, type Distribution } from '../../src/sim/distributions.js';
import { normalQuantile } from '../../src/sim/normal.js';
import { createStream } from '../../src/sim/randomStreams.js';

/**
 * One shared test file run against every distribution (docs/architecture.md: one interface,
 * one test). Each case gives the exact CDF at a few points; the sample's empirical
 * CDF there must lie within 4.5 binomial standard errors (sqrt(p(1-p)/n)), and the
 * sample mean within 4.5 standard errors of the exact mean.
 */
interface Case {
  name: string;
  dist: Distribution;
  mean: number;
  /** Exact quantiles: [q, value]. */
  quantiles: Array<[number, number]>;
}

const N = 200_000;
const Z = 4.5;

// Regularized lower incomplete gamma P(k, x) by series, for the gamma case's exact CDF.
function lowerGammaP(k: number, x: number): number {
  let sum = 1 / k;
  let term = 1 / k;
  for (let n = 1; n < 500; n++) {
    term *= x / (k + n);
    sum += term;
    if (term < sum * 1e-15) break;
  }
  return Math.exp(-x + k * Math.log(x) - gammaln(k)) * sum;
}
/** Finds x with P(k, x/θ) = q by bisection. */
function gammaQuantile(shape: number, scale: number, q: number): number {
  let lo = 0;
  let hi = 100 * shape * scale;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (lowerGammaP(shape, mid / scale) < q) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

const cases: Case[] = [
  { name: 'constant', dist: constant(0.005), mean: 0.005, quantiles: [] },
  {
    name: 'exponential(mean 2ms)',
    dist: exponential(0.002),
    mean: 0.002,
    quantiles: [0.5, 0.9, 0.99].map((q) => [q, -0.002 * Math.log(1 - q)] as [number, number]),
  },
  {
    name: 'lognormal(median 10ms, p99 100ms)',
    dist: lognormal(0.01, 0.1),
    mean: Math.exp(Math.log(0.01) + (Math.log(10) / normalQuantile(0.99)) ** 2 / 2),
    quantiles: [
      [0.5, 0.01],
      [0.99, 0.1],
      [0.9, Math.exp(Math.log(0.01) + (Math.log(10) / normalQuantile(0.99)) * normalQuantile(0.9))],
    ],
  },
  {
    name: 'gamma(mean 4ms, cv 0.5)',
    dist: gamma(0.004, 0.5),
    mean: 0.004,
    quantiles: [0.1, 0.5, 0.99].map((q) => [q, gammaQuantile(4, 0.001, q)] as [number, number]),
  },
  {
    name: 'gamma(mean 4ms, cv 2) — shape below 1',
    dist: gamma(0.004, 2),
    mean: 0.004,
    quantiles: [0.5, 0.9].map((q) => [q, gammaQuantile(0.25, 0.016, q)] as [number, number]),
  },
  {
    name: 'empirical(p50 5ms, p90 12ms, p99 40ms)',
    dist: empirical([
      { q: 0.5, value: 0.005 },
      { q: 0.9, value: 0.012 },
      { q: 0.99, value: 0.04 },
    ]),
    mean: empirical([
      { q: 0.5, value: 0.005 },
      { q: 0.9, value: 0.012 },
      { q: 0.99, value: 0.04 },
    ]).mean,
    quantiles: [
      [0.25, 0.0025],
      [0.5, 0.005],
      [0.9, 0.012],
      [0.99, 0.04],
      // Exponential tail through (0.9, 12ms) and (0.99, 40ms): θ = 28ms / ln 10.
      [0.999, 0.04 + (0.028 / Math.log(10)) * Math.log(10)],
    ],
  },
  {
    name: 'mixture(99% exp 1ms, 1% constant 100ms)',
    dist: mixture([
      { weight: 0.99, dist: exponential(0.001) },
      { weight: 0.01, dist: constant(0.1) },
    ]),
    mean: 0.99 * 0.001 + 0.01 * 0.1,
    // P(X ≤ 5ms) = 0.99 (1 − e^−5): the constant component sits above 5ms.
    quantiles: [[0.99 * (1 - Math.exp(-5)), 0.005]],
  },
];

describe.each(cases)('$name', ({ dist, mean, quantiles }) => {
  const rng = createStream(2024, 'distribution-tests');
  const xs = new Float64Array(N);
  for (let i = 0; i < N; i++) xs[i] = dist.sample(rng);

  it('samples are non-negative', () => {
    expect(xs.every((x) => x >= 0 && Number.isFinite(x))).toBe(true);
  });

  it('reports its exact mean, and the sample mean agrees within the confidence interval', () => {
    // Relative 1e-8: the lognormal case's expected value goes through normalQuantile (Acklam, ~1e-9).
    expect(Math.abs(dist.mean - mean)).toBeLessThanOrEqual(1e-8 * mean);
    const sampleMean = xs.reduce((a, b) => a + b, 0) / N;
    const se = (mean * Math.sqrt(dist.scv)) / Math.sqrt(N);
    // Plus float round-off of summing N values (relevant only to the zero-variance constant).
    expect(Math.abs(sampleMean - mean)).toBeLessThanOrEqual(Z * se + 1e-12 * mean);
  });

  it.each(quantiles)('P(X ≤ x_%f) matches within binomial error', (q, x) => {
    let below = 0;
    for (const v of xs) if (v <= x) below++;
    const se = Math.sqrt((q * (1 - q)) / N);
    expect(Math.abs(below / N - q)).toBeLessThanOrEqual(Z * se);
  });
});

describe('normalQuantile', () => {
  it('inverts the standard normal CDF at known points', () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963985, 8);
    expect(normalQuantile(0.99)).toBeCloseTo(2.326347874, 8);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306, 8);
  });
});

import { describe, expect, it } from 'vitest';
import { mmcMeanSojourn, mmcSojournQuantile } from '../../../src/experiments/closedForms/erlangC.js';
import { simulateProxyQueue as simulate } from './proxyQueue.js';

/**
 * A proxy's worker pool is an M/G/c FIFO queue: with Poisson passes and exponential
 * CPU it must be M/M/c, and match Erlang C (docs/semantics/validation-cases.md D2). 20 seeded
 * replications; the closed form must lie in the 99.9% t interval and within 2% (mean)
 * / 4% (p99) of the estimate.
 */
const T19_9995 = 3.883;

function expectClosedForm(label: string, values: number[], exact: number, tolerance: number): void {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  const se = sd / Math.sqrt(n);
  const summary = `${label}: ${mean.toPrecision(5)} vs ${exact.toPrecision(5)} (${(((mean - exact) / exact) * 100).toFixed(2)}%, se ${((se / exact) * 100).toFixed(2)}%)`;
  console.log(summary);
  expect(Math.abs(mean - exact) / exact, summary).toBeLessThanOrEqual(tolerance);
  expect(Math.abs(mean - exact), `${summary}: outside the 99.9% interval`).toBeLessThanOrEqual(T19_9995 * se);
}

describe.each([
  { workers: 2, rho: 0.5 },
  { workers: 2, rho: 0.8 },
  { workers: 4, rho: 0.8 },
])('a proxy with $workers workers at ρ = $rho is M/M/c', ({ workers, rho }) => {
  // Envoy-like pass: 100 µs of CPU on average.
  const meanCpu = 1e-4;
  const lambda = (rho * workers) / meanCpu;
  const p = { lambda, mu: 1 / meanCpu, servers: workers };
  const runs = Array.from({ length: 20 }, (_, k) => simulate(k + 1, lambda, meanCpu, workers, 60_000));

  it('mean time through the proxy matches Erlang C', () => {
    expectClosedForm(`M/M/${workers} ρ ${rho} mean`, runs.map((r) => r.meanSojourn), mmcMeanSojourn(p), 0.02);
  });

  it('p99 matches the Erlang C sojourn distribution', () => {
    expectClosedForm(`M/M/${workers} ρ ${rho} p99`, runs.map((r) => r.p99), mmcSojournQuantile(p, 0.99), 0.04);
  });

  it('CPU accounting gives the utilization ρ', () => {
    expectClosedForm(`M/M/${workers} ρ ${rho} utilization`, runs.map((r) => r.utilization), rho, 0.02);
  });
});

describe('the added latency of a proxy grows with its load as queueing predicts', () => {
  it('mean time through a 2-worker proxy follows Erlang C from ρ 0.2 to 0.9', () => {
    const meanCpu = 1e-4;
    let previous = 0;
    for (const rho of [0.2, 0.5, 0.7, 0.9]) {
      const lambda = (rho * 2) / meanCpu;
      const values = Array.from({ length: 8 }, (_, k) => simulate(100 + k, lambda, meanCpu, 2, 40_000).meanSojourn);
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      const exact = mmcMeanSojourn({ lambda, mu: 1 / meanCpu, servers: 2 });
      console.log(`ρ ${rho}: ${(mean * 1e6).toFixed(1)} µs vs Erlang C ${(exact * 1e6).toFixed(1)} µs`);
      expect(mean).toBeGreaterThan(previous);
      // Eight runs: ρ 0.9 mixes slowly, so the band there is the 99.9% interval, not 2%.
      const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1));
      expect(Math.abs(mean - exact)).toBeLessThanOrEqual(5.408 * (sd / Math.sqrt(values.length))); // t7, 99.9%
      previous = mean;
    }
  });
});

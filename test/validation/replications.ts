import { expect } from 'vitest';
import { main } from '../../src/cli.js';
import type { Results } from '../../src/report/results.js';

const NON_STATIONARY = /^meshsim: the scenario schedules faults, so one run is not stationary.*\n/m;

/**
 * Runs a validation scenario R times through exactly what `meshsim run FILE
 * --seed k --json -` does, and returns the parsed results of each run. stderr must be
 * empty, or match `expectedStderr` when the scenario is meant to draw a warning.
 */
export async function runReplications(file: string, replications: number, extraArgs: string[] = [], expectedStderr?: RegExp): Promise<Results[]> {
  const out: Results[] = [];
  for (let k = 1; k <= replications; k++) {
    let stdout = '';
    let stderr = '';
    const status = await main(['run', file, '--seed', String(k), '--json', '-', ...extraArgs], {
      stdout: (s) => void (stdout += s),
      stderr: (s) => void (stderr += s),
    });
    // Each replication here is one run on purpose: a fault makes it non-stationary, which
    // the run notes (its batch-means interval is not used by these tests).
    stderr = stderr.replace(NON_STATIONARY, '');
    if (expectedStderr === undefined) expect(stderr).toBe('');
    else expect(stderr).toMatch(expectedStderr);
    expect(status).toBe(0);
    out.push(JSON.parse(stdout) as Results);
  }
  return out;
}

/** Student t quantiles for 19 degrees of freedom (R = 20 replications). */
const T19_975 = 2.093;
const T19_9995 = 3.883;
export const REPLICATIONS = 20;

/**
 * Checks an estimate from R = 20 independent replications against a closed form:
 * - the pooled estimate is within `tolerance` (relative) of the closed form
 *   (docs/semantics/validation-cases.md: means 2%, p99 4%);
 * - the 95% confidence half-width is within the tolerance, so the test can
 *   actually tell a model that is off by the tolerance from one that is right;
 * - the closed form lies inside the 99.9% confidence interval, so a bias smaller
 *   than the tolerance but larger than sampling error is caught too.
 */
export function expectMatchesClosedForm(label: string, values: number[], exact: number, tolerance: number): void {
  expect(values.length).toBe(REPLICATIONS);
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  const se = sd / Math.sqrt(n);
  const summary = `${label}: estimate ${mean.toPrecision(5)} vs closed form ${exact.toPrecision(5)} ` +
    `(error ${(((mean - exact) / exact) * 100).toFixed(2)}%, 95% CI ±${(((T19_975 * se) / exact) * 100).toFixed(2)}%)`;
  console.log(summary);
  expect(Math.abs(mean - exact) / exact, summary).toBeLessThanOrEqual(tolerance);
  expect((T19_975 * se) / exact, `${summary}: too few requests to resolve ${tolerance * 100}%`).toBeLessThanOrEqual(tolerance);
  expect(Math.abs(mean - exact), `${summary}: outside the 99.9% CI`).toBeLessThanOrEqual(T19_9995 * se);
}

/** Little's law on one run: time-averaged requests in flight = arrival rate × mean time in system, within 1%. */
export function expectLittlesLaw(r: Results): void {
  const e = r.endToEnd;
  expect(e.failed).toBe(0); // mean latency is over successes; with none failed it is over all
  const lambdaW = e.rate * e.latency.mean;
  expect(Math.abs(e.concurrency - lambdaW) / lambdaW, `L = ${e.concurrency}, λW = ${lambdaW}`).toBeLessThanOrEqual(0.01);
}

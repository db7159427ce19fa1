/**
 * The M/M/1 both the wall-time and the memory cases run: its parameters (they
 * must match bench/scenarios/mm1-5m.yaml), the C reference invocation, and the
 * sanity check that both simulators produced a plausible M/M/1.
 */
import { join } from 'node:path';
import { parseLastJsonLine, runChild } from './childProcess.mjs';

export const MM1 = {
  scenarioFile: 'bench/scenarios/mm1-5m.yaml',
  arrivalRate: 800, // 1/s
  serviceMean: 0.001, // s
  warmup: 2, // s
  seed: 1,
};

/** Mean sojourn time of an M/M/1, 1/(μ − λ) in seconds (docs/semantics/validation-cases.md D1): 5 ms here. */
export const MM1_MEAN_SOJOURN = 1 / (1 / MM1.serviceMean - MM1.arrivalRate);

/** Measured simulated seconds that yield `requests` arrivals on average. */
export function durationFor(requests) {
  return requests / MM1.arrivalRate;
}

/** Runs bench/out/mm1 (already compiled) for `requests`; returns its JSON line, wall and CPU seconds. */
export function runCMm1(binary, requests) {
  const args = [MM1.arrivalRate, MM1.serviceMean, MM1.warmup, durationFor(requests), MM1.seed].map(String);
  const { stdout, wallSeconds, cpuSeconds } = runChild(binary, args);
  return { ...parseLastJsonLine(stdout), wallSeconds, cpuSeconds };
}

/**
 * Whether a run looks like the M/M/1 it claims to be: request count within 1%
 * of λ·duration and mean sojourn within 10% of 5 ms. Loose on purpose — it
 * guards against timing a broken or empty run, not a validation test (the
 * standard error of the mean sojourn is ~1.3% at 500k requests, ~0.4% at 5M,
 * from the M/M/1 asymptotic variance 2ρ(1+ρ)/(1−ρ)⁴ of the number in system).
 * Returns undefined when plausible, else what is wrong.
 */
export function implausibility(requests, expectedRequests, meanSojourn) {
  if (Math.abs(requests - expectedRequests) > 0.01 * expectedRequests) return `${requests} requests, expected ~${expectedRequests}`;
  if (!(Math.abs(meanSojourn - MM1_MEAN_SOJOURN) <= 0.1 * MM1_MEAN_SOJOURN)) return `mean sojourn ${meanSojourn} s, expected ~${MM1_MEAN_SOJOURN} s`;
  return undefined;
}

/** The --duration flag that shortens the 5M scenario to `requests`. */
export function meshsimDurationArgs(requests) {
  return ['--duration', `${durationFor(requests)}s`];
}

export const scenarioPath = (repoRoot) => join(repoRoot, MM1.scenarioFile);

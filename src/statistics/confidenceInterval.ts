/**
 * Confidence intervals for the expected value of a quantity observed once per
 * independent replication (or once per batch of a long run): the Student t
 * interval mean ± t_{1−α/2, n−1} · s / √n (Law, Simulation Modeling and Analysis,
 * 5th ed., §9.4.1). It assumes the n values are independent and about normal;
 * replication means and batch means of enough requests are (central limit theorem).
 */
import { mean as sampleMean, sampleStandardDeviation } from 'simple-statistics';
import { studentTQuantile } from './studentT.js';

export interface MeanInterval {
  /** Sample mean of the values (same unit as the values). */
  readonly mean: number;
  /** Half-width of the interval (same unit). */
  readonly halfWidth: number;
  readonly lo: number;
  readonly hi: number;
  /** Values the interval rests on. */
  readonly n: number;
}

/**
 * The two-sided `level` (default 0.95) t interval for the mean of `values`.
 * Undefined with fewer than two values: one value has no spread to measure.
 */
export function meanInterval(values: ReadonlyArray<number>, level = 0.95): MeanInterval | undefined {
  const n = values.length;
  if (n < 2) return undefined;
  const mean = sampleMean(values); // simple-statistics: a compensated (Neumaier) sum
  const sd = sampleStandardDeviation(values);
  const halfWidth = studentTQuantile(0.5 + level / 2, n - 1) * (sd / Math.sqrt(n));
  return { mean, halfWidth, lo: mean - halfWidth, hi: mean + halfWidth, n };
}

/**
 * Whether an interval meets a relative precision target: half-width ≤ `relative`
 * × |mean| (e.g. 0.02 for `--precision 2%`). A zero mean with zero spread (an
 * availability of exactly 1 in every replication) meets any target.
 */
export function meetsRelativePrecision(interval: MeanInterval, relative: number): boolean {
  return interval.halfWidth <= relative * Math.abs(interval.mean);
}

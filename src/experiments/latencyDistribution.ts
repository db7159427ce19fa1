/**
 * The latency distribution of a run as CDF points, read from a merged
 * LatencyRecorder's histogram (3 significant digits, so each point is within 0.1%
 * of the exact quantile). The six summary percentiles of the results JSON are too
 * few to draw a curve; these points are for charts only and never enter the JSON.
 */
import type { LatencyRecorder } from '../models/metrics/latencyRecorder.js';

/** One point of an empirical CDF: `fraction` of the requests took at most `seconds`. */
export interface CdfPoint {
  /** Seconds. */
  readonly seconds: number;
  /** In [0, 1]. */
  readonly fraction: number;
}

/**
 * Percentiles sampled: every 1% through the body, finer in the tail where data
 * planes differ most (99.5, 99.9, 99.95, 99.99), and the extremes.
 */
export const CDF_PERCENTILES: readonly number[] = [
  0, 0.1, 0.5, ...Array.from({ length: 99 }, (_, i) => i + 1), 99.5, 99.9, 99.95, 99.99, 100,
];

/** The recorder's CDF at CDF_PERCENTILES (seconds, fractions); empty when it recorded nothing. */
export function latencyCdf(recorder: LatencyRecorder): CdfPoint[] {
  if (recorder.count === 0) return [];
  return CDF_PERCENTILES.map((p) => ({ seconds: p === 100 ? recorder.max : recorder.percentile(p), fraction: p / 100 }));
}

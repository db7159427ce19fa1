/**
 * MSER (Marginal Standard Error Rule; White 1997, "An effective truncation
 * heuristic for bias reduction in simulation output"; MSER-5: Spratt 1998, White,
 * Cobb & Spratt 2000): choose the truncation point d that minimizes
 *   MSER(d) = Σ_{i>d} (Z_i − Z̄_d)² / (k − d)²
 * over the batch means Z_1..Z_k of consecutive groups of 5 observations — the
 * squared standard error of the truncated mean, traded against the data kept.
 * As is customary, d is searched in the first half only: a minimum beyond it
 * means the run is too short to have left the transient, which is reported.
 */

export interface Truncation {
  /** Observations to discard (a multiple of the batch size). */
  readonly observations: number;
  /** False when the minimum sat at the edge of the searched half: the run may still be in its transient. */
  readonly settled: boolean;
}

/** MSER-m truncation of a series (default m = 5). */
export function mserTruncation(series: ReadonlyArray<number>, batchSize = 5): Truncation {
  const k = Math.floor(series.length / batchSize);
  if (k < 4) return { observations: 0, settled: false };
  const z = new Float64Array(k);
  for (let b = 0; b < k; b++) {
    let s = 0;
    for (let j = 0; j < batchSize; j++) s += series[b * batchSize + j] as number;
    z[b] = s / batchSize;
  }
  // Suffix sums give each MSER(d) in O(1): Σ(Z − Z̄)² = Σ Z² − (Σ Z)² / n.
  const limit = Math.floor(k / 2);
  let sum = 0;
  let squares = 0;
  let best = Infinity;
  let bestD = 0;
  for (let d = k - 1; d >= 0; d--) {
    const v = z[d] as number;
    sum += v;
    squares += v * v;
    if (d > limit) continue;
    const n = k - d;
    const spread = Math.max(0, squares - (sum * sum) / n);
    const mser = spread / (n * n);
    // ≤: on ties prefer the earlier truncation (discard less).
    if (mser <= best) {
      best = mser;
      bestD = d;
    }
  }
  return { observations: bestD * batchSize, settled: bestD < limit };
}

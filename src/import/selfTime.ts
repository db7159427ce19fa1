/**
 * A service's own time per request, from its hops: the hop's duration minus the time
 * covered by its calls (the union of their intervals, so parallel calls are not
 * subtracted twice), summarized as the empirical distribution the scenario takes:
 * `{dist: empirical, percentiles: {…}}`.
 *
 * Clock skew between hosts can put a call partly outside its caller's span; the call is
 * clipped to the caller's interval (never a negative own time) and counted, so the
 * caller can be told how many hops were affected.
 */
import type { Hop } from './serviceHops.js';

export interface SelfTimes {
  /** Seconds, one per hop, sorted ascending. */
  readonly sorted: Float64Array;
  /** Hops with a call reaching outside the hop's own span. */
  readonly skewed: number;
}

/** Own time of each hop in `hops` (seconds), sorted. */
export function selfTimes(hops: ReadonlyArray<Hop>): SelfTimes {
  const out = new Float64Array(hops.length);
  let skewed = 0;
  hops.forEach((h, i) => {
    let covered = 0;
    let reach = h.start;
    let outside = false;
    for (const c of h.calls) {
      // Calls are sorted by start: sweep their union, clipped to [start, end].
      if (c.start < h.start || c.end > h.end) outside = true;
      const from = Math.max(c.start, reach, h.start);
      const to = Math.min(c.end, h.end);
      if (to > from) covered += to - from;
      reach = Math.max(reach, Math.min(c.end, h.end));
    }
    if (outside) skewed++;
    out[i] = Math.max(0, h.end - h.start - covered);
  });
  out.sort();
  return { sorted: out, skewed };
}

/**
 * Percentiles written for a sample: as few as keep the simulator's reading of them
 * within KNOT_TOLERANCE of the sample's own quantile function.
 *
 * The simulator's empirical distribution is linear between the given percentiles
 * (src/sim/distributions.ts). Latency quantile functions are convex, so a chord over a
 * wide gap lies above them: a fixed p0.1…p99.99 grid with 10% steps in the body made
 * every service 1–2% slow on average and an end-to-end p99 3% slow. So the candidates
 * are dense (every percent, finer in both tails), and points are dropped while every
 * dropped one stays within the tolerance of the chord that replaces it. A quantile is
 * a candidate only where the sample reaches it (n·min(q, 1−q) ≥ 1: p99.9 needs 1000
 * requests); p50, p90, p99 and p99.9 are always kept when reached, for the reader.
 */
export const KNOT_TOLERANCE = 0.005;
const ALWAYS_KEPT = new Set(['p50', 'p90', 'p99', 'p99.9']);

const CANDIDATES: ReadonlyArray<readonly [string, number]> = (() => {
  const out: [string, number][] = [['p0.1', 0.001], ['p0.5', 0.005]];
  for (let p = 1; p <= 99; p++) out.push([`p${p}`, p / 100]);
  out.push(['p99.5', 0.995], ['p99.8', 0.998], ['p99.9', 0.999], ['p99.95', 0.9995], ['p99.99', 0.9999]);
  return out;
})();

/** `[key, seconds]` pairs for the percentiles written, ascending. */
export function empiricalPercentiles(sorted: Float64Array): [string, number][] {
  const n = sorted.length;
  // (1e-9: 1 − 0.9999 is a hair below 1e-4 in binary, and 10 000 requests do reach p99.99.)
  const points = CANDIDATES.filter(([, q]) => n * Math.min(q, 1 - q) >= 1 - 1e-9).map(([key, q]) => ({ key, q, value: quantileSorted(sorted, q) }));
  // Greedy simplification: drop the interior point whose chord fits worst-case best, while it fits.
  const kept = points.map((_, i) => i);
  const fits = (a: number, b: number): number => {
    const pa = points[a]!;
    const pb = points[b]!;
    let worst = 0;
    for (let j = a + 1; j < b; j++) {
      const p = points[j]!;
      const chord = pa.value + ((pb.value - pa.value) * (p.q - pa.q)) / (pb.q - pa.q);
      worst = Math.max(worst, Math.abs(chord - p.value) / Math.max(p.value, Number.MIN_VALUE));
    }
    return worst;
  };
  for (;;) {
    let best = -1;
    let bestError = KNOT_TOLERANCE;
    for (let k = 1; k < kept.length - 1; k++) {
      if (ALWAYS_KEPT.has(points[kept[k]!]!.key)) continue;
      const error = fits(kept[k - 1]!, kept[k + 1]!);
      if (error <= bestError) {
        best = k;
        bestError = error;
      }
    }
    if (best < 0) break;
    kept.splice(best, 1);
  }
  return kept.map((i) => [points[i]!.key, points[i]!.value]);
}

/**
 * Quantile of a sorted sample by linear interpolation between order statistics
 * (Hyndman & Fan type 7, R's default). Hand-written over a Float64Array: a trace
 * holds millions of spans, and simple-statistics (not a dependency) wants number[].
 */
export function quantileSorted(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const a = sorted[lo] as number;
  const b = sorted[Math.min(lo + 1, n - 1)] as number;
  return a + (h - lo) * (b - a);
}

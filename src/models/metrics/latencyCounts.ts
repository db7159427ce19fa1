// The library's modules, not its index: the index also loads its log reader and writer,
// and the writer builds an Intl.NumberFormat when loaded (~10 ms of every start-up).
import type { Histogram } from 'hdr-histogram-js'; // a type only: erased, the index is not loaded
import { build } from 'hdr-histogram-js/dist/HistogramBuilder.js';
import { JsHistogram } from 'hdr-histogram-js/dist/JsHistogram.js';

/**
 * The histogram layout every latency uses: values in whole nanoseconds, 1 µs the
 * lowest discernible value (the finest resolution a mesh latency needs), and 3
 * significant digits. In HdrHistogram's terms: buckets 512 ns wide up to ~1 ms
 * (2048 of them), and from there each value known within 0.1%.
 */
export const LATENCY_HISTOGRAM = { lowestDiscernibleValue: 1000, numberOfSignificantValueDigits: 3 } as const;

// HdrHistogram's bucket layout for LATENCY_HISTOGRAM (HdrHistogram's
// AbstractHistogram: 2·10^digits values at unit resolution need 2^11 sub-buckets,
// half of them new in each bucket; the unit is the largest power of two ≤ 1000 ns).
// test/models/metrics/latencyCounts.test.ts checks countsIndex() against the library's.
const UNIT_MAGNITUDE = 9;
const SUB_BUCKET_HALF_MAGNITUDE = 10;
const SUB_BUCKET_HALF_COUNT = 1 << SUB_BUCKET_HALF_MAGNITUDE;
/** Values below this take the integer path (Math.clz32); 2^31 ns ≈ 2.1 s. */
const INT_PATH_LIMIT = 0x80000000;

/**
 * A latency in seconds (≥ 0) as the whole nanoseconds the histogram counts, rounded
 * half up: Math.round(seconds × 1e9) exactly (x − floor(x) is exact), without its
 * branch. V8 compiles Math.round to a comparison that latencies, spread at random,
 * mispredict half the time: ~7 ns a value against ~2.5 ns here (Node 20, measured).
 */
export function wholeNanoseconds(seconds: number): number {
  const x = seconds * 1e9;
  const floor = Math.floor(x);
  return floor + +(x - floor >= 0.5);
}

/** Where HdrHistogram counts the value `ns` (whole nanoseconds, ≥ 0) in LATENCY_HISTOGRAM's layout. */
export function countsIndex(ns: number): number {
  let bucket: number;
  let subBucket: number;
  if (ns < INT_PATH_LIMIT) {
    // Math.max rather than an if: values below and above ~1 ms come mixed, and a branch mispredicts.
    bucket = Math.max(31 - Math.clz32(ns) - SUB_BUCKET_HALF_MAGNITUDE - UNIT_MAGNITUDE, 0);
    subBucket = ns >>> (bucket + UNIT_MAGNITUDE);
  } else {
    // The library's own arithmetic, exact for any latency a run can produce (< 2^48 ns, 3 days).
    bucket = Math.floor(Math.log2(ns)) - SUB_BUCKET_HALF_MAGNITUDE - UNIT_MAGNITUDE;
    subBucket = Math.floor(ns / 2 ** (bucket + UNIT_MAGNITUDE));
  }
  return bucket * SUB_BUCKET_HALF_COUNT + subBucket;
}

/** The lowest value HdrHistogram counts at `index` (the inverse of countsIndex). */
export function valueAtIndex(index: number): number {
  let bucket = Math.floor(index / SUB_BUCKET_HALF_COUNT) - 1;
  let subBucket = (index % SUB_BUCKET_HALF_COUNT) + SUB_BUCKET_HALF_COUNT;
  if (bucket < 0) {
    subBucket -= SUB_BUCKET_HALF_COUNT;
    bucket = 0;
  }
  return subBucket * 2 ** (bucket + UNIT_MAGNITUDE);
}

/**
 * The counts of an HdrHistogram, kept in a plain typed array with the same layout.
 *
 * Why not record into hdr-histogram-js directly: a run records three latencies per
 * call, and a record crossing into its WebAssembly histogram costs ~20 ns (its pure-JS
 * histogram more, through log2 and pow): a fifth of an M/M/1 run's time. Counting here
 * is an array increment. The library still does what it is for: toHistogram() hands it
 * the same counts for percentiles and the compressed encoding, and fromHistogram()
 * reads them back.
 *
 * Memory: 4 bytes per bucket up to the largest value seen (~52 KiB for values up to
 * 1 s), grown by doubling like the library's autoResize.
 */
export class LatencyCounts {
  private counts = new Uint32Array(SUB_BUCKET_HALF_COUNT * 2);

  /** Counts one value in whole nanoseconds. */
  increment(ns: number): void {
    const i = countsIndex(ns);
    if (i >= this.counts.length) this.growTo(i);
    this.counts[i] = (this.counts[i] as number) + 1;
  }

  /** Adds another's counts to these (merging replications). */
  add(other: LatencyCounts): void {
    const theirs = other.counts;
    let last = theirs.length - 1;
    while (last >= 0 && theirs[last] === 0) last--;
    if (last >= this.counts.length) this.growTo(last);
    const mine = this.counts;
    for (let i = 0; i <= last; i++) {
      const sum = (mine[i] as number) + (theirs[i] as number);
      if (sum > 0xffffffff) throw new Error('latency histogram bucket count overflows 32 bits');
      mine[i] = sum;
    }
  }

  /**
   * Values counted at or below `ns` (whole nanoseconds): everything up to and including
   * the bucket `ns` falls in, so a value in that bucket but above `ns` (at most 0.1%
   * above, LATENCY_HISTOGRAM's resolution) counts as below it. For exporting fixed
   * buckets (report/prometheus.ts), where 0.1% is far below a bucket's width.
   */
  countAtOrBelow(ns: number): number {
    const last = Math.min(countsIndex(ns), this.counts.length - 1);
    let total = 0;
    for (let i = 0; i <= last; i++) total += this.counts[i] as number;
    return total;
  }

  /**
   * The same counts as an hdr-histogram-js histogram (pure JS: the garbage collector
   * reclaims it). The layouts are the same, so the counts are copied index for index;
   * recording each bucket's value through the library instead cost ~0.5 s at the end
   * of a 300-service run (its index arithmetic goes through log2 and pow).
   */
  toHistogram(): Histogram {
    const counts = this.counts;
    let first = 0;
    while (first < counts.length - 1 && counts[first] === 0) first++;
    let last = counts.length - 1;
    while (last > first && counts[last] === 0) last--;
    // Sized once for the largest value counted.
    const highestTrackableValue = Math.max(2 * LATENCY_HISTOGRAM.lowestDiscernibleValue, valueAtIndex(last + 1));
    const histogram = build({ ...LATENCY_HISTOGRAM, highestTrackableValue, autoResize: true, useWebAssembly: false });
    if (!(histogram instanceof JsHistogram) || histogram.countsArrayLength <= last) throw new Error('latency counts: the library built a histogram of another layout');
    let total = 0;
    for (let i = first; i <= last; i++) {
      const n = counts[i] as number;
      if (n > 0) {
        histogram.setCountAtIndex(i, n);
        total += n;
      }
    }
    if (total === 0) return histogram;
    histogram.setTotalCount(total);
    // The smallest and largest values, which the library keeps beside the counts (its
    // encoding stops at the largest's bucket): recorded with a count of 0.
    histogram.recordValueWithCount(valueAtIndex(first), 0);
    histogram.recordValueWithCount(valueAtIndex(last), 0);
    return histogram;
  }

  /** Counts read back from a histogram of LATENCY_HISTOGRAM's layout (e.g. decoded from another thread). */
  static fromHistogram(histogram: Histogram): LatencyCounts {
    if (!(histogram instanceof JsHistogram)) throw new Error('latency counts: expected a pure-JS histogram');
    if (histogram.lowestDiscernibleValue !== LATENCY_HISTOGRAM.lowestDiscernibleValue || histogram.numberOfSignificantValueDigits !== LATENCY_HISTOGRAM.numberOfSignificantValueDigits) {
      throw new Error(`latency counts: histogram layout ${histogram.lowestDiscernibleValue} ns / ${histogram.numberOfSignificantValueDigits} digits, expected ${LATENCY_HISTOGRAM.lowestDiscernibleValue} ns / ${LATENCY_HISTOGRAM.numberOfSignificantValueDigits} digits`);
    }
    const out = new LatencyCounts();
    const n = histogram.countsArrayLength;
    if (n > out.counts.length) out.growTo(n - 1);
    for (let i = 0; i < n; i++) out.counts[i] = histogram.getCountAtIndex(i);
    return out;
  }

  private growTo(index: number): void {
    let length = this.counts.length;
    while (length <= index) length *= 2;
    const grown = new Uint32Array(length);
    grown.set(this.counts);
    this.counts = grown;
  }
}

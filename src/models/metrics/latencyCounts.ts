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

/** Buckets of a recorder's first dense allocation: every value below ~1 ms at 512 ns resolution. */
const INITIAL_LENGTH = SUB_BUCKET_HALF_COUNT * 2;
const EMPTY = new Uint32Array(0);
/**
 * Distinct buckets a recorder keeps as (index, count) pairs (scanned for each value)
 * before it takes a dense array. A 3,000-service mesh holds ~10,000 recorders; dense
 * from the first value, they touched 8–32 KiB each (~200 MiB in all, most of it zeros),
 * and on this project's VMs memory touched for the first time costs ~6 ms per MiB.
 */
const SPARSE_LIMIT = 128;
/** Values after which the pairs go dense anyway, so a busy recorder stops scanning them. */
const SPARSE_VALUES = 4096;
/** A sparse pair's position packed below its index (SPARSE_LIMIT ≤ 256; indices < 2^24 for any value < 2^48 ns). */
const SPARSE_POSITIONS = 256;
/** Scratch for ordering a recorder's sparse pairs when reading percentiles (one thread, never re-entered). */
const SPARSE_ORDER = new Uint32Array(SPARSE_LIMIT);

/** The highest value HdrHistogram counts at `index` (its highestEquivalentValue of valueAtIndex). */
function highestValueAtIndex(index: number): number {
  const bucket = Math.max(Math.floor(index / SUB_BUCKET_HALF_COUNT) - 1, 0);
  return valueAtIndex(index) + 2 ** (bucket + UNIT_MAGNITUDE) - 1;
}

/** hdr-histogram-js's ulp(x): the spacing of doubles at x. */
const ulp = (x: number): number => 2 ** (Math.floor(Math.log2(x)) - 52);

/**
 * The counts of an HdrHistogram, in its exact bucket layout: first as up to
 * SPARSE_LIMIT (index, count) pairs, then in a plain typed array.
 *
 * Why not record into hdr-histogram-js directly: a run records three latencies per
 * call, and a record crossing into its WebAssembly histogram costs ~20 ns (its pure-JS
 * histogram more, through log2 and pow): a fifth of an M/M/1 run's time. Counting here
 * is an array increment. Percentiles are read here too, with the library's own
 * arithmetic (valueAtPercentile; a test checks it against the library's on random
 * counts), because building the library's histogram for each of a large mesh's
 * recorders was ~1 s of a 3,000-service run. The library still encodes the counts
 * between threads: toHistogram() hands it the same counts, and fromHistogram() reads
 * them back.
 *
 * Memory: a few hundred bytes while sparse; then 4 bytes per bucket up to the largest
 * value seen (~52 KiB for values up to 1 s), grown by doubling like the library's
 * autoResize.
 */
export class LatencyCounts {
  /** Dense counts by index; EMPTY while sparse. */
  private counts = EMPTY;
  /** Sparse counts: indices and their counts, in arrival order (unused once dense). */
  private readonly sparseIndex: number[] = [];
  private readonly sparseCount: number[] = [];
  /** Values counted. */
  private total = 0;
  /**
   * True once another recorder holds these same counts (LatencyRecorder.add into an
   * empty one shares instead of copying): both sides then copy before changing them.
   */
  shared = false;
  /** valuesAtPercentiles' last answer, for these `ps` at this total (counts only grow, so the total tells a change). */
  private answeredPs: readonly number[] | undefined;
  private answeredTotal = 0;
  private answered: readonly number[] = [];

  /** Counts one value in whole nanoseconds; `this` must not be shared. */
  increment(ns: number): void {
    this.addAt(countsIndex(ns), 1);
  }

  /** Adds `n` to the count at `index`. */
  private addAt(index: number, n: number): void {
    this.total += n;
    const counts = this.counts;
    if (counts.length > 0) {
      if (index >= counts.length) this.growTo(index);
      const sum = (this.counts[index] as number) + n;
      if (sum > 0xffffffff) throw new Error('latency histogram bucket count overflows 32 bits');
      this.counts[index] = sum;
      return;
    }
    const indices = this.sparseIndex;
    if (this.total <= SPARSE_VALUES) {
      for (let k = 0; k < indices.length; k++) {
        if (indices[k] === index) {
          this.sparseCount[k] = (this.sparseCount[k] as number) + n;
          return;
        }
      }
      if (indices.length < SPARSE_LIMIT) {
        indices.push(index);
        this.sparseCount.push(n);
        return;
      }
    }
    this.becomeDense(index);
    this.counts[index] = (this.counts[index] as number) + n;
  }

  /** Moves the sparse pairs into a dense array long enough for `index` too. */
  private becomeDense(index: number): void {
    let highest = index;
    for (const i of this.sparseIndex) if (i > highest) highest = i;
    this.growTo(highest);
    for (let k = 0; k < this.sparseIndex.length; k++) this.counts[this.sparseIndex[k] as number] = this.sparseCount[k] as number;
    this.sparseIndex.length = 0;
    this.sparseCount.length = 0;
  }

  /** Calls `visit(index, count)` for every bucket with a count, in no particular order. */
  private forEachCount(visit: (index: number, count: number) => void): void {
    const counts = this.counts;
    if (counts.length === 0) {
      for (let k = 0; k < this.sparseIndex.length; k++) visit(this.sparseIndex[k] as number, this.sparseCount[k] as number);
      return;
    }
    for (let i = 0; i < counts.length; i++) if (counts[i] !== 0) visit(i, counts[i] as number);
  }

  /** Adds another's counts to these (merging replications); `this` must not be shared. */
  add(other: LatencyCounts): void {
    if (other.counts.length > 0 && this.counts.length === 0) this.becomeDense(other.counts.length - 1);
    other.forEachCount((i, n) => this.addAt(i, n));
  }

  /** A private copy of these counts (copy-on-write of shared counts). */
  clone(): LatencyCounts {
    const out = new LatencyCounts();
    out.counts = this.counts.length > 0 ? this.counts.slice() : EMPTY;
    out.sparseIndex.push(...this.sparseIndex);
    out.sparseCount.push(...this.sparseCount);
    out.total = this.total;
    return out;
  }

  /**
   * The value at percentile `p` (0–100) in whole nanoseconds, exactly as hdr-histogram-js's
   * getValueAtPercentile answers it for the same counts: the highest value of the bucket
   * where the cumulative count reaches ⌈p% of the total⌉ (the lowest value for p = 0).
   */
  valueAtPercentile(p: number): number {
    return this.scanPercentiles([p])[0] as number;
  }

  /**
   * valueAtPercentile for each of `ps`, in one pass over the counts: a report asks for
   * four percentiles of every recorder, and on a mesh of thousands of services the scans
   * were a tenth of the end of a run. The answer is kept until a count changes: the end
   * of a run asks again for the same `ps` of the same counts (a replication's estimates,
   * then the results; a service of one version shares its version's counts), so the
   * caller must not change the array returned.
   */
  valuesAtPercentiles(ps: readonly number[]): readonly number[] {
    if (ps === this.answeredPs && this.total === this.answeredTotal) return this.answered;
    const values = this.scanPercentiles(ps);
    this.answeredPs = ps;
    this.answeredTotal = this.total;
    this.answered = values;
    return values;
  }

  /** valuesAtPercentiles without the memo. */
  private scanPercentiles(ps: readonly number[]): number[] {
    const values = ps.map(() => 0);
    if (this.total === 0) return values;
    // The count each percentile waits for, visited in increasing order of that count.
    const wanted = ps.map((p) => {
      const fpCount = (Math.min(p, 100) / 100) * this.total;
      // The library rounds up after taking one ulp off, so fp error never skips a count.
      return Math.max(Math.ceil(fpCount - ulp(fpCount)), 1);
    });
    const order = ps.map((_, k) => k).sort((x, y) => (wanted[x] as number) - (wanted[y] as number));
    let next = 0;
    let running = 0;
    const reach = (index: number): void => {
      while (next < order.length && running >= (wanted[order[next] as number] as number)) {
        const k = order[next++] as number;
        values[k] = ps[k] === 0 ? valueAtIndex(index) : highestValueAtIndex(index);
      }
    };
    const counts = this.counts;
    if (counts.length > 0) {
      for (let i = 0; i < counts.length && next < order.length; i++) {
        const n = counts[i] as number;
        if (n === 0) continue;
        running += n;
        reach(i);
      }
      return values;
    }
    // The pairs in index order: each as index·2^8 + its position, sorted as numbers by
    // the typed array's own sort (a comparator called back from the sort was most of the
    // end of a 3,000-service run, whose recorders are nearly all sparse).
    const pairs = this.sparseIndex.length;
    const keys = SPARSE_ORDER.subarray(0, pairs);
    for (let k = 0; k < pairs; k++) keys[k] = (this.sparseIndex[k] as number) * SPARSE_POSITIONS + k;
    keys.sort();
    for (let j = 0; j < pairs && next < order.length; j++) {
      const k = (keys[j] as number) % SPARSE_POSITIONS;
      running += this.sparseCount[k] as number;
      reach(this.sparseIndex[k] as number);
    }
    return values;
  }

  /**
   * Values counted at or below `ns` (whole nanoseconds): everything up to and including
   * the bucket `ns` falls in, so a value in that bucket but above `ns` (at most 0.1%
   * above, LATENCY_HISTOGRAM's resolution) counts as below it. For exporting fixed
   * buckets (report/prometheus.ts), where 0.1% is far below a bucket's width.
   */
  countAtOrBelow(ns: number): number {
    const last = countsIndex(ns);
    let total = 0;
    // Sparse or dense alike (end-of-run only: a closure per call is fine here).
    this.forEachCount((i, n) => {
      if (i <= last) total += n;
    });
    return total;
  }

  /**
   * The same counts as an hdr-histogram-js histogram (pure JS: the garbage collector
   * reclaims it). The layouts are the same, so the counts are copied index for index;
   * recording each bucket's value through the library instead cost ~0.5 s at the end
   * of a 300-service run (its index arithmetic goes through log2 and pow).
   */
  toHistogram(): Histogram {
    // No count: the layout of INITIAL_LENGTH zeros, as before counts were sparse.
    let first = INITIAL_LENGTH - 1;
    let last = INITIAL_LENGTH - 1;
    if (this.total > 0) {
      first = Infinity;
      last = -1;
      this.forEachCount((i) => {
        if (i < first) first = i;
        if (i > last) last = i;
      });
    }
    // Sized once for the largest value counted.
    const highestTrackableValue = Math.max(2 * LATENCY_HISTOGRAM.lowestDiscernibleValue, valueAtIndex(last + 1));
    const histogram = build({ ...LATENCY_HISTOGRAM, highestTrackableValue, autoResize: true, useWebAssembly: false });
    if (!(histogram instanceof JsHistogram) || histogram.countsArrayLength <= last) throw new Error('latency counts: the library built a histogram of another layout');
    if (this.total === 0) return histogram;
    this.forEachCount((i, n) => histogram.setCountAtIndex(i, n));
    histogram.setTotalCount(this.total);
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
    for (let i = 0; i < n; i++) {
      const count = histogram.getCountAtIndex(i);
      if (count > 0) out.addAt(i, count);
    }
    return out;
  }

  private growTo(index: number): void {
    let length = Math.max(this.counts.length, INITIAL_LENGTH);
    while (length <= index) length *= 2;
    const grown = new Uint32Array(length);
    grown.set(this.counts);
    this.counts = grown;
  }
}

import { decodeFromCompressedBase64, encodeIntoCompressedBase64 } from 'hdr-histogram-js/dist/encoding.js';
import { LatencyCounts, wholeNanoseconds } from './latencyCounts.js';

/** A recorder as plain data: the histogram in HdrHistogram's compressed base64 form. */
export interface EncodedLatency {
  readonly histogram: string;
  readonly count: number;
  /** Seconds. */
  readonly sum: number;
  /** Seconds. */
  readonly max: number;
}

/**
 * Values waiting to be counted. A mesh of hundreds of services keeps hundreds of
 * recorders; counting each value as it comes touches one at random each time and
 * misses the cache (a 300-service mesh spent 2.7× the time in histogram code of a
 * 30-service one). Buffered, each recorder takes its values in one burst while its
 * counts are in cache. Bounded: 2 KiB per recorder, from its first value.
 */
const PENDING = 256;
const NO_VALUES = new Float64Array(0);
/**
 * Buffers are cut from blocks of this many: one allocation per block rather than per
 * recorder (a 3,000-service mesh holds ~6,600 recorders), and recorders that start
 * together sit together in memory.
 */
const BUFFERS_PER_BLOCK = 32;
let block: Float64Array = NO_VALUES;
let blockUsed = 0;

/** Makes sure the current block has room for one more recorder's buffer. */
function blockWithRoom(): Float64Array {
  if (blockUsed === block.length) {
    block = new Float64Array(PENDING * BUFFERS_PER_BLOCK);
    blockUsed = 0;
  }
  return block;
}

/** The percentiles every latency summary reports (p50, p90, p99, p99.9), ascending. */
export const REPORTED_PERCENTILES: readonly number[] = [50, 90, 99, 99.9];

/**
 * Latencies of one population (an edge, a service, end to end): an HdrHistogram
 * (LATENCY_HISTOGRAM: 512 ns buckets below ~1 ms, ≤ 0.1% quantile error above) plus
 * the exact count, sum and max. Memory is bounded by the value range, never by the number of requests.
 * Recording only counts (LatencyCounts), which also answer percentiles; hdr-histogram-js
 * encodes them between threads.
 */
export class LatencyRecorder {
  private counts: LatencyCounts;
  /**
   * Pending values are [pendingStart, pendingAt) of the block the recorder's buffer was
   * cut from; pendingLimit is the buffer's end (0: no buffer yet). An offset into the
   * shared block, not a subarray of its own: that would be one more object per record.
   */
  private pendingBlock: Float64Array = NO_VALUES;
  private pendingStart = 0;
  private pendingAt = 0;
  private pendingLimit = 0;
  count = 0;
  /**
   * Sum and max of the values counted so far; pending values join them when flushed, in
   * the order they came, so the sum is the same float as if added one by one. Not
   * updated per value: a double field is a separate heap number in V8, one more cache
   * line to miss on every record in a large mesh.
   */
  private countedSum = 0;
  private countedMax = 0;

  /** An empty recorder, or one rebuilt from encode()'s output (another thread's). */
  constructor(encoded?: EncodedLatency) {
    if (encoded === undefined) {
      this.counts = new LatencyCounts();
      return;
    }
    this.counts = LatencyCounts.fromHistogram(decodeFromCompressedBase64(encoded.histogram, 32, false));
    this.count = encoded.count;
    this.countedSum = encoded.sum;
    this.countedMax = encoded.max;
  }

  /** Seconds. */
  get sum(): number {
    this.flush();
    return this.countedSum;
  }

  /** Seconds. */
  get max(): number {
    this.flush();
    return this.countedMax;
  }

  /** Plain data a worker thread can post; lossless. */
  encode(): EncodedLatency {
    this.flush();
    return { histogram: encodeIntoCompressedBase64(this.counts.toHistogram()), count: this.count, sum: this.sum, max: this.max };
  }

  /** Records one latency in seconds (counted as whole nanoseconds). */
  record(seconds: number): void {
    this.count++;
    if (this.pendingAt === this.pendingLimit) this.makeRoom();
    this.pendingBlock[this.pendingAt++] = seconds;
  }

  /** A full buffer (or none yet): counts it, or takes one. */
  private makeRoom(): void {
    if (this.pendingLimit !== 0) {
      this.flush();
      return;
    }
    this.pendingBlock = blockWithRoom();
    this.pendingStart = blockUsed;
    this.pendingAt = blockUsed;
    this.pendingLimit = blockUsed + PENDING;
    blockUsed += PENDING;
  }

  /**
   * Merges another recorder into this one (replications, shards). Into an empty
   * recorder it shares the other's counts until either side changes: merging one
   * replication, or summing a service of one version, then copies nothing (a
   * 3,000-service mesh holds ~10,000 recorders).
   */
  add(other: LatencyRecorder): void {
    other.flush();
    this.flush();
    const empty = this.count === 0 && other.count > 0;
    this.count += other.count;
    this.countedSum += other.countedSum;
    if (other.countedMax > this.countedMax) this.countedMax = other.countedMax;
    if (empty) {
      this.counts = other.counts;
      other.counts.shared = true;
      return;
    }
    this.ownCounts().add(other.counts);
  }

  /** Mean in seconds (0 when empty). */
  get mean(): number {
    return this.count > 0 ? this.sum / this.count : 0;
  }

  /** The p-th percentile (p in [0, 100]) in seconds; 0 when empty. */
  percentile(p: number): number {
    if (this.count === 0) return 0;
    this.flush();
    return Math.min(this.counts.valueAtPercentile(p) / 1e9, this.max);
  }

  /** percentile(p) for each of `ps` (seconds), in one pass over the histogram. */
  percentiles(ps: readonly number[]): number[] {
    if (this.count === 0) return ps.map(() => 0);
    this.flush();
    return this.counts.valuesAtPercentiles(ps).map((ns) => Math.min(ns / 1e9, this.max));
  }

  /** Recorded values at or below `seconds` (within the histogram's 0.1% resolution: LatencyCounts.countAtOrBelow). */
  countAtOrBelow(seconds: number): number {
    this.flush();
    return this.counts.countAtOrBelow(wholeNanoseconds(seconds));
  }

  /** Counts the pending values. */
  private flush(): void {
    const from = this.pendingStart;
    const to = this.pendingAt;
    if (to === from) return;
    const pending = this.pendingBlock;
    const counts = this.ownCounts();
    let sum = this.countedSum;
    let max = this.countedMax;
    // One pass: the sum in arrival order, the max, and the count of each value.
    for (let k = from; k < to; k++) {
      const v = pending[k] as number;
      sum += v;
      if (v > max) max = v;
      counts.increment(wholeNanoseconds(v));
    }
    this.countedSum = sum;
    this.countedMax = max;
    this.pendingAt = from;
  }

  /** The counts, copied first when another recorder shares them. */
  private ownCounts(): LatencyCounts {
    if (this.counts.shared) this.counts = this.counts.clone();
    return this.counts;
  }
}

import type { Histogram } from 'hdr-histogram-js'; // a type only: erased, the index is not loaded
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
 * counts are in cache. Bounded: 2 KiB per recorder.
 */
const PENDING = 256;

/**
 * Latencies of one population (an edge, a service, end to end): an HdrHistogram
 * (LATENCY_HISTOGRAM: 512 ns buckets below ~1 ms, ≤ 0.1% quantile error above) plus
 * the exact count, sum and max. Memory is bounded by the value range, never by the number of requests.
 * Recording only counts (LatencyCounts); the hdr-histogram-js histogram that
 * answers percentiles is built when first asked for and kept until the counts change.
 */
export class LatencyRecorder {
  private readonly counts: LatencyCounts;
  private readonly pending = new Float64Array(PENDING);
  private pendingCount = 0;
  /** The histogram of the counts as they were when last asked for; undefined once a record changed them. */
  private histogram: Histogram | undefined;
  count = 0;
  /** Seconds. */
  sum = 0;
  /** Seconds. */
  max = 0;

  /** An empty recorder, or one rebuilt from encode()'s output (another thread's). */
  constructor(encoded?: EncodedLatency) {
    if (encoded === undefined) {
      this.counts = new LatencyCounts();
      return;
    }
    this.counts = LatencyCounts.fromHistogram(decodeFromCompressedBase64(encoded.histogram, 32, false));
    this.count = encoded.count;
    this.sum = encoded.sum;
    this.max = encoded.max;
  }

  /** Plain data a worker thread can post; lossless. */
  encode(): EncodedLatency {
    return { histogram: encodeIntoCompressedBase64(this.current()), count: this.count, sum: this.sum, max: this.max };
  }

  /** Records one latency in seconds (counted as whole nanoseconds). */
  record(seconds: number): void {
    this.count++;
    this.sum += seconds;
    if (seconds > this.max) this.max = seconds;
    this.pending[this.pendingCount++] = seconds;
    if (this.pendingCount === PENDING) this.flush();
  }

  /** Merges another recorder into this one (replications, shards). */
  add(other: LatencyRecorder): void {
    this.count += other.count;
    this.sum += other.sum;
    if (other.max > this.max) this.max = other.max;
    this.flush();
    other.flush();
    this.counts.add(other.counts);
    this.histogram = undefined;
  }

  /** Mean in seconds (0 when empty). */
  get mean(): number {
    return this.count > 0 ? this.sum / this.count : 0;
  }

  /** The p-th percentile (p in [0, 100]) in seconds; 0 when empty. */
  percentile(p: number): number {
    if (this.count === 0) return 0;
    return Math.min(this.current().getValueAtPercentile(p) / 1e9, this.max);
  }

  /** Recorded values at or below `seconds` (within the histogram's 0.1% resolution: LatencyCounts.countAtOrBelow). */
  countAtOrBelow(seconds: number): number {
    this.flush();
    return this.counts.countAtOrBelow(wholeNanoseconds(seconds));
  }

  /** Counts the pending values. */
  private flush(): void {
    if (this.pendingCount === 0) return;
    const counts = this.counts;
    const values = this.pending;
    for (let i = 0; i < this.pendingCount; i++) counts.increment(wholeNanoseconds(values[i] as number));
    this.pendingCount = 0;
    this.histogram = undefined;
  }

  private current(): Histogram {
    this.flush();
    this.histogram ??= this.counts.toHistogram();
    return this.histogram;
  }
}

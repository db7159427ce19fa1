import type { MeasurementWindow } from './measurementWindow.js';

/**
 * Latency bins of each time bucket: log-spaced, LATENCY_BINS_PER_OCTAVE to a doubling,
 * from 1 µs up (the last bin takes everything above ~1.2 days). A bin spans 2^(1/8) ≈ 9%:
 * coarse beside the run's HdrHistogram (0.1%), but a p99 over one second of a timeline
 * needs its shape, not its third digit, and 1 KiB a bucket keeps an hour at ~4 MB.
 */
export const LATENCY_BINS_PER_OCTAVE = 8;
const LOWEST_SECONDS = 1e-6;
export const LATENCY_BINS = 36 * LATENCY_BINS_PER_OCTAVE;

/** The bin a latency (seconds) falls in. */
export function latencyBin(seconds: number): number {
  if (!(seconds > LOWEST_SECONDS)) return 0;
  return Math.min(LATENCY_BINS - 1, Math.floor(Math.log2(seconds / LOWEST_SECONDS) * LATENCY_BINS_PER_OCTAVE));
}

/** The upper edge of a bin, seconds (what a percentile read from the bins reports: never an underestimate). */
export function latencyBinUpper(bin: number): number {
  return LOWEST_SECONDS * 2 ** ((bin + 1) / LATENCY_BINS_PER_OCTAVE);
}

/** Mesh events counted on the timeline by the bucket they happened in. */
export type MeshEventSeries = 'retries' | 'overflow' | 'ejections';

/**
 * End-to-end requests by the time bucket they began in (the measured window cut into
 * `width`-second buckets): requests, failures, and the latencies of successes (sum and
 * log bins); and mesh events by the bucket they happened in: retries, overflow 503s,
 * outlier ejections. The timeline of a run — availability, throughput, p99 and what
 * the proxies did over time — for the HTML report. Memory grows with duration /
 * width, never with requests; merging replications adds bucket by bucket (the buckets
 * are the same simulated seconds).
 */
export class PerSecondSeries {
  readonly width: number;
  readonly requests: Float64Array;
  readonly failed: Float64Array;
  /** Seconds of successful requests' latency, summed. */
  readonly latencySum: Float64Array;
  /** LATENCY_BINS counts per bucket, bucket-major. */
  readonly latencyBins: Uint32Array;
  /** Retries the callers' proxies made for measured requests, by when they were decided. */
  readonly retries: Float64Array;
  /**
   * Overflow 503s of measured requests, by when they happened: a caller proxy's circuit
   * breaker (UO), a sidecar's inbound cluster, a replica's full queue.
   */
  readonly overflow: Float64Array;
  /** Outlier ejections of hosts, by any caller proxy, by when they happened. */
  readonly ejections: Float64Array;

  constructor(
    private readonly window: MeasurementWindow,
    width = 1,
  ) {
    this.width = width;
    const n = Math.max(1, Math.ceil(window.length / width - 1e-9));
    this.requests = new Float64Array(n);
    this.failed = new Float64Array(n);
    this.latencySum = new Float64Array(n);
    this.latencyBins = new Uint32Array(n * LATENCY_BINS);
    this.retries = new Float64Array(n);
    this.overflow = new Float64Array(n);
    this.ejections = new Float64Array(n);
  }

  get buckets(): number {
    return this.requests.length;
  }

  /** The bucket of time `t` (seconds); times past the window (a measured request's drain) go to the last. */
  private bucketOf(t: number): number {
    return Math.min(this.buckets - 1, Math.max(0, Math.floor((t - this.window.start) / this.width)));
  }

  /** Counts one mesh event at time `at` (seconds). */
  countEvent(series: MeshEventSeries, at: number): void {
    const counts = this[series];
    const i = this.bucketOf(at);
    counts[i] = (counts[i] as number) + 1;
  }

  /** Records a measured request that began at `start` (seconds, inside the window). */
  record(start: number, success: boolean, latencySeconds: number): void {
    // bucketOf, written out: once per request, the hottest caller.
    const i = Math.min(this.buckets - 1, Math.max(0, Math.floor((start - this.window.start) / this.width)));
    this.requests[i] = (this.requests[i] as number) + 1;
    if (!success) {
      this.failed[i] = (this.failed[i] as number) + 1;
      return;
    }
    this.latencySum[i] = (this.latencySum[i] as number) + latencySeconds;
    const b = i * LATENCY_BINS + latencyBin(latencySeconds);
    this.latencyBins[b] = (this.latencyBins[b] as number) + 1;
  }

  /** Adds another replication's series (same window and width). */
  add(other: PerSecondSeries): void {
    if (other.buckets !== this.buckets || other.width !== this.width) throw new Error('per-second series of different windows cannot be merged');
    addInto(this.requests, other.requests);
    addInto(this.failed, other.failed);
    addInto(this.latencySum, other.latencySum);
    addInto(this.latencyBins, other.latencyBins);
    addInto(this.retries, other.retries);
    addInto(this.overflow, other.overflow);
    addInto(this.ejections, other.ejections);
  }

  /** The p-th percentile (0–100) of successful latencies in bucket `i`, seconds (a bin's upper edge); null when it had none. */
  percentile(i: number, p: number): number | null {
    const bins = this.latencyBins.subarray(i * LATENCY_BINS, (i + 1) * LATENCY_BINS);
    let count = 0;
    for (const n of bins) count += n;
    if (count === 0) return null;
    const rank = Math.max(1, Math.ceil((p / 100) * count));
    let seen = 0;
    for (let b = 0; b < LATENCY_BINS; b++) {
      seen += bins[b] as number;
      if (seen >= rank) return latencyBinUpper(b);
    }
    return latencyBinUpper(LATENCY_BINS - 1);
  }
}

function addInto(into: Float64Array | Uint32Array, from: Float64Array | Uint32Array): void {
  for (let i = 0; i < into.length; i++) into[i] = (into[i] as number) + (from[i] as number);
}

/**
 * Batch means over one long run, in completion order and in bounded memory. Each
 * figure is batched over the requests it is a mean of: availability over every
 * request (the batches count failures), mean latency over successful requests only
 * (the batches sum latencies). So no latency batch is empty: a stretch with no
 * successful request (an outage, a fault that fails everything) is not counted as
 * batches of 0 s, which used to pull the interval below its own estimate (issue 18).
 *
 * The batch size is not known in advance (the request count is not), so it starts at
 * one and doubles — merging neighbouring batches pairwise — whenever the batches
 * reach 2·target; a run ends with between `target` and 2·target full batches (Law,
 * Simulation Modeling and Analysis, 5th ed., §9.5.3: 10–30+ batches; Fishman's
 * doubling scheme). The partial batch at the end is left out so every batch has the
 * same weight.
 */
export class BatchMeans {
  /** Per batch of requests: how many failed. */
  private readonly failures: DoublingBatches;
  /** Per batch of successful requests: their latency sum (s). */
  private readonly latencies: DoublingBatches;

  constructor(target = 32) {
    this.failures = new DoublingBatches(target);
    this.latencies = new DoublingBatches(target);
  }

  /** Adds one finished request (latency in seconds; ignored for failures). */
  add(success: boolean, latencySeconds: number): void {
    this.failures.add(success ? 0 : 1);
    if (success) this.latencies.add(latencySeconds);
  }

  /** Requests per availability batch. */
  get size(): number {
    return this.failures.size;
  }

  /** Successful requests per latency batch. */
  get latencySize(): number {
    return this.latencies.size;
  }

  /**
   * Each full batch's availability (succeeded / requests), and each full batch of
   * successes' mean latency (s). The two lists have their own lengths.
   */
  batches(): { availability: number[]; mean: number[] } {
    return {
      availability: this.failures.means().map((failed) => 1 - failed),
      mean: this.latencies.means(),
    };
  }
}

/** Consecutive values cut into equal batches whose size doubles as the values come. */
class DoublingBatches {
  private batchSize = 1;
  private full = 0;
  private readonly sums: Float64Array;
  private currentCount = 0;
  private currentSum = 0;

  constructor(private readonly target: number) {
    this.sums = new Float64Array(2 * target);
  }

  add(value: number): void {
    this.currentSum += value;
    if (++this.currentCount < this.batchSize) return;
    this.sums[this.full++] = this.currentSum;
    this.currentCount = this.currentSum = 0;
    if (this.full === 2 * this.target) this.halve();
  }

  private halve(): void {
    for (let i = 0; i < this.target; i++) this.sums[i] = (this.sums[2 * i] as number) + (this.sums[2 * i + 1] as number);
    this.full = this.target;
    this.batchSize *= 2;
  }

  get size(): number {
    return this.batchSize;
  }

  /** Each full batch's mean. */
  means(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.full; i++) out.push((this.sums[i] as number) / this.batchSize);
    return out;
  }
}

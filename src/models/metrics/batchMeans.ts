/**
 * Batch means over one long run, in completion order and in bounded memory: the
 * requests are cut into consecutive batches of equal size, and each batch keeps
 * only its counts and latency sum. The batch size is not known in advance (the
 * request count is not), so it starts at one request and doubles — merging
 * neighbouring batches pairwise — whenever the batches reach 2·target; a run
 * ends with between `target` and 2·target full batches (Law, Simulation Modeling
 * and Analysis, 5th ed., §9.5.3: 10–30+ batches; Fishman's doubling scheme).
 * The partial batch at the end is left out so every batch has the same weight.
 */
export class BatchMeans {
  private batchSize = 1;
  private full = 0;
  /** Per full batch: requests, failed, successes' latency sum (s), successes. */
  private readonly failed: Float64Array;
  private readonly latencySum: Float64Array;
  private readonly succeeded: Float64Array;
  private currentCount = 0;
  private currentFailed = 0;
  private currentSum = 0;
  private currentSucceeded = 0;

  constructor(private readonly target = 32) {
    this.failed = new Float64Array(2 * target);
    this.latencySum = new Float64Array(2 * target);
    this.succeeded = new Float64Array(2 * target);
  }

  /** Adds one finished request (latency in seconds; ignored for failures). */
  add(success: boolean, latencySeconds: number): void {
    if (success) {
      this.currentSucceeded++;
      this.currentSum += latencySeconds;
    } else this.currentFailed++;
    if (++this.currentCount < this.batchSize) return;
    const i = this.full++;
    this.failed[i] = this.currentFailed;
    this.latencySum[i] = this.currentSum;
    this.succeeded[i] = this.currentSucceeded;
    this.currentCount = this.currentFailed = this.currentSum = this.currentSucceeded = 0;
    if (this.full === 2 * this.target) this.halve();
  }

  private halve(): void {
    for (let i = 0; i < this.target; i++) {
      this.failed[i] = (this.failed[2 * i] as number) + (this.failed[2 * i + 1] as number);
      this.latencySum[i] = (this.latencySum[2 * i] as number) + (this.latencySum[2 * i + 1] as number);
      this.succeeded[i] = (this.succeeded[2 * i] as number) + (this.succeeded[2 * i + 1] as number);
    }
    this.full = this.target;
    this.batchSize *= 2;
  }

  /** Requests per batch. */
  get size(): number {
    return this.batchSize;
  }

  /** Each full batch's availability (succeeded / requests) and mean latency of its successes (s). */
  batches(): { availability: number[]; mean: number[] } {
    const availability: number[] = [];
    const mean: number[] = [];
    for (let i = 0; i < this.full; i++) {
      const ok = this.succeeded[i] as number;
      availability.push(1 - (this.failed[i] as number) / this.batchSize);
      mean.push(ok > 0 ? (this.latencySum[i] as number) / ok : 0);
    }
    return { availability, mean };
  }
}

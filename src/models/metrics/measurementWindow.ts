/**
 * The measured window [start, end) of a run: warm-up excluded. A user request is
 * measured when it arrived inside the window, and so is every call and service
 * visit it causes (CallRequest.measured); the run drains after `end`, so every
 * measured request is followed to its completion. Time integrals (utilization,
 * requests in flight) are clipped to the window.
 */
export class MeasurementWindow {
  constructor(
    /** Seconds: the end of warm-up. */
    readonly start: number,
    /** Seconds: warm-up + duration. */
    readonly end: number,
  ) {}

  get length(): number {
    return this.end - this.start;
  }

  contains(t: number): boolean {
    return t >= this.start && t < this.end;
  }

  /** Length of [from, to) ∩ window, seconds. */
  overlap(from: number, to: number): number {
    const a = from > this.start ? from : this.start;
    const b = to < this.end ? to : this.end;
    return b > a ? b - a : 0;
  }
}

/**
 * The measured window [start, end) of a run: warm-up excluded. A request, call or
 * service visit counts when it *began* inside the window; the run drains after
 * `end`, so every counted request is followed to its completion.
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

import type { MeasurementWindow } from './measurementWindow.js';

/**
 * A level's time average in each of a fixed number of equal buckets spanning the
 * measured window: the run's trajectory (requests in flight over time), for finding
 * where the initial transient ends (MSER). Memory is the bucket count, whatever
 * the number of requests.
 */
export class LevelSeries {
  /** ∫ level dt inside each bucket (level·seconds). */
  readonly areas: Float64Array;
  /** Seconds per bucket. */
  readonly width: number;
  /** The bucket the level last ended in, and its span (seconds): the fast path, since time only moves forward. */
  private current = 0;
  private currentStart = Infinity;
  private currentEnd = -Infinity;

  constructor(
    private readonly window: MeasurementWindow,
    buckets: number,
  ) {
    this.areas = new Float64Array(buckets);
    this.width = window.length / buckets;
  }

  /** Adds `level` held over [from, to) (seconds), clipped to the window. */
  add(from: number, to: number, level: number): void {
    if (from >= this.currentStart && to <= this.currentEnd) {
      const i = this.current;
      this.areas[i] = (this.areas[i] as number) + level * (to - from);
      return;
    }
    this.addSpanning(from, to, level);
  }

  private addSpanning(from: number, to: number, level: number): void {
    const start = this.window.start;
    const a = from > start ? from : start;
    const b = to < this.window.end ? to : this.window.end;
    if (!(b > a)) return;
    const last = this.areas.length - 1;
    let i = Math.min(last, Math.floor((a - start) / this.width));
    const j = Math.min(last, Math.floor((b - start) / this.width));
    this.current = j;
    this.currentStart = start + j * this.width;
    this.currentEnd = j === last ? this.window.end : this.currentStart + this.width;
    if (i === j) {
      this.areas[i] = (this.areas[i] as number) + level * (b - a);
      return;
    }
    // Spans bucket edges: split at each (rare: a level usually changes many times per bucket).
    let t = a;
    for (; i <= j; i++) {
      const edge = i === last ? b : start + (i + 1) * this.width;
      const end = edge < b ? edge : b;
      if (end > t) this.areas[i] = (this.areas[i] as number) + level * (end - t);
      t = end;
    }
  }

  /** Time-average level per bucket. */
  averages(): number[] {
    return Array.from(this.areas, (area) => area / this.width);
  }
}

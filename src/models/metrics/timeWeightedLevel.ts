import type { LevelSeries } from './levelSeries.js';
import type { MeasurementWindow } from './measurementWindow.js';

/**
 * How many items are in progress (requests in flight) and the time integral of
 * that level over the measured window, for Little's law (L = λW) and, through
 * `series`, the level's trajectory.
 *
 * The level is a sum of one indicator per item, so its integral is the sum of each
 * item's own time in the window: an item adds its span when it ends (one update per
 * item, where tracking the level would cost an update at each change, two per item).
 * Items still open when the run stops are added by flush() from their count and the
 * sum of their start times, so the area stays exact; the series leaves them out
 * (they exist only when a run hit its drain limit, and then already count as failures).
 */
export class TimeWeightedLevel {
  /** ∫ level dt over the window so far (level·seconds). */
  area = 0;
  /** Items begun and not yet ended. */
  private open = 0;
  /** Σ of the open items' start times, clipped to the window. */
  private openStarts = 0;
  /** The window's bounds, seconds (copied: read three times per item). */
  private readonly windowStart: number;
  private readonly windowEnd: number;

  constructor(
    window: MeasurementWindow,
    /** Optionally, the level's trajectory over the window (warm-up detection). */
    readonly series?: LevelSeries,
  ) {
    this.windowStart = window.start;
    this.windowEnd = window.end;
  }

  /** An item begins at `now` (seconds). */
  begin(now: number): void {
    this.open++;
    this.openStarts += this.clip(now);
  }

  /** The item that began at `start` ends at `now` (seconds). */
  end(start: number, now: number): void {
    this.open--;
    const from = this.clip(start);
    this.openStarts -= from;
    const to = this.clip(now);
    if (to > from) {
      this.area += to - from;
      this.series?.add(from, to, 1);
    }
  }

  /** Adds the time the still-open items spent in the window up to `now` (call once, when the run ends). */
  flush(now: number): void {
    if (this.open > 0) this.area += this.open * this.clip(now) - this.openStarts;
    this.open = 0;
    this.openStarts = 0;
  }

  private clip(t: number): number {
    return t < this.windowStart ? this.windowStart : t > this.windowEnd ? this.windowEnd : t;
  }
}

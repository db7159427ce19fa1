import type { LevelSeries } from './levelSeries.js';
import type { MeasurementWindow } from './measurementWindow.js';

/**
 * A level that changes at instants (busy workers, requests in flight) and its
 * time integral over the measured window, for utilization and Little's law.
 */
export class TimeWeightedLevel {
  level = 0;
  /** ∫ level dt over the window so far (level·seconds). */
  area = 0;
  private since = 0;

  constructor(
    private readonly window: MeasurementWindow,
    /** Optionally, the level's trajectory over the window (warm-up detection). */
    readonly series?: LevelSeries,
  ) {}

  /** Changes the level by `delta` at time `now` (seconds). */
  change(now: number, delta: number): void {
    if (this.level !== 0) {
      this.area += this.level * this.window.overlap(this.since, now);
      this.series?.add(this.since, now, this.level);
    }
    this.since = now;
    this.level += delta;
  }

  /** Closes the integral at `now` (call once, when the run ends). */
  flush(now: number): void {
    this.change(now, 0);
  }
}

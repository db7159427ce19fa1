import { describe, expect, it } from 'vitest';
import { MeasurementWindow } from '../../../src/models/metrics/measurementWindow.js';
import { TimeWeightedLevel } from '../../../src/models/metrics/timeWeightedLevel.js';

describe('TimeWeightedLevel', () => {
  it('integrates the level over the window from each item’s span, clipped at both ends', () => {
    const level = new TimeWeightedLevel(new MeasurementWindow(10, 20));
    level.begin(4);
    level.end(4, 12); // 2 s inside
    level.begin(11);
    level.begin(15);
    level.end(15, 16); // 1 s
    level.end(11, 25); // 9 s, cut at the window's end
    level.begin(21);
    level.end(21, 23); // after the window: nothing
    expect(level.area).toBe(12);
  });

  it('adds the items still open when the run stops, from their count and start times', () => {
    const level = new TimeWeightedLevel(new MeasurementWindow(10, 20));
    level.begin(8); // open from the window's start
    level.begin(13);
    level.begin(14);
    level.end(14, 15); // 1 s
    level.flush(17); // 7 s and 4 s still open
    expect(level.area).toBe(12);
    level.flush(40); // nothing left open
    expect(level.area).toBe(12);
  });
});

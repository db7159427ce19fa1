import { describe, expect, it } from 'vitest';
import { BatchMeans } from '../../../src/models/metrics/batchMeans.js';
import { LevelSeries } from '../../../src/models/metrics/levelSeries.js';
import { MeasurementWindow } from '../../../src/models/metrics/measurementWindow.js';
import { TimeWeightedLevel } from '../../../src/models/metrics/timeWeightedLevel.js';

describe('BatchMeans', () => {
  it('keeps between target and 2·target equal batches of consecutive requests, dropping the partial one', () => {
    const b = new BatchMeans(4);
    // Request i has latency i; every 10th fails.
    for (let i = 0; i < 100; i++) b.add(i % 10 !== 9, i);
    // Sizes double 1 → 2 → 4 → 8 → 16: at 16, 6 full batches (96 requests), 4 left over.
    expect(b.size).toBe(16);
    const { availability, mean } = b.batches();
    expect(availability.length).toBe(6);
    for (let k = 0; k < 6; k++) {
      const ids = Array.from({ length: 16 }, (_, j) => 16 * k + j);
      expect(availability[k]).toBeCloseTo(ids.filter((i) => i % 10 !== 9).length / 16, 12);
    }
    // The mean's batches are cut over the 90 successes: 5 full batches of 16, 10 left over.
    expect(b.latencySize).toBe(16);
    const successes = Array.from({ length: 100 }, (_, i) => i).filter((i) => i % 10 !== 9);
    expect(mean.length).toBe(5);
    for (let k = 0; k < 5; k++) {
      expect(mean[k]).toBeCloseTo(successes.slice(16 * k, 16 * k + 16).reduce((a, x) => a + x, 0) / 16, 9);
    }
  });

  it('a stretch with no successful request adds no 0 s batches to the mean (issue 18)', () => {
    const b = new BatchMeans(8);
    // 2,000 successes of 1 s, 6,000 failures (an outage), 2,000 successes of 1 s.
    for (let i = 0; i < 2000; i++) b.add(true, 1);
    for (let i = 0; i < 6000; i++) b.add(false, 0);
    for (let i = 0; i < 2000; i++) b.add(true, 1);
    const { mean, availability } = b.batches();
    expect(mean.length).toBeGreaterThanOrEqual(8);
    // Every latency batch holds successes only: each mean is exactly the 1 s they took.
    for (const m of mean) expect(m).toBe(1);
    expect(Math.min(...availability)).toBe(0);
  });

  it('memory does not grow with requests: the batch count stays within [target, 2·target)', () => {
    const b = new BatchMeans(32);
    for (let i = 0; i < 1_000_003; i++) b.add(true, 1);
    const n = b.batches().mean.length;
    expect(n).toBeGreaterThanOrEqual(32);
    expect(n).toBeLessThan(64);
  });
});

describe('LevelSeries', () => {
  it('splits a time-weighted level into buckets whose areas add up to the window integral', () => {
    const w = new MeasurementWindow(10, 20);
    const level = new TimeWeightedLevel(w, new LevelSeries(w, 10));
    // 2 from t=5 (before the window), 3 from 12.5, 0 from 19.5, 1 after the window.
    level.begin(5);
    level.begin(5);
    level.begin(12.5);
    level.end(12.5, 19.5);
    level.end(5, 19.5);
    level.end(5, 19.5);
    level.begin(25);
    level.flush(30);
    const avg = level.series?.averages() ?? [];
    expect(avg.map((x) => Number(x.toFixed(9)))).toEqual([2, 2, 2.5, 3, 3, 3, 3, 3, 3, 1.5]);
    expect(avg.reduce((a, x) => a + x, 0)).toBeCloseTo(level.area, 9);
  });
});

import { describe, expect, it } from 'vitest';
import { LatencyRecorder, REPORTED_PERCENTILES } from '../../../src/models/metrics/latencyRecorder.js';

/** Records `n` latencies from a fixed spread (1 ms to ~100 ms), offset by `shift` seconds, into `r`. */
function fill(r: LatencyRecorder, n: number, shift = 0): LatencyRecorder {
  let x = 0.61;
  for (let i = 0; i < n; i++) {
    x = (x * 9301 + 0.49297) % 1;
    r.record(1e-3 + x * x * 0.1 + shift);
  }
  return r;
}

const filled = (n: number, shift = 0): LatencyRecorder => fill(new LatencyRecorder(), n, shift);

/** Percentiles one at a time and as the report asks for them (kept answers included: asked before and after each change). */
const summary = (r: LatencyRecorder): number[] => [r.count, r.sum, r.max, ...[0, 50, 90, 99, 99.9, 100].map((p) => r.percentile(p)), ...r.percentiles(REPORTED_PERCENTILES)];

describe('LatencyRecorder', () => {
  it('merged into an empty recorder, shares the counts until either side changes, then each keeps its own', () => {
    for (const n of [5, 1000]) {
      // Sparse (5 values) and dense (1000) counts alike.
      const a = filled(n);
      const before = summary(a);
      const merged = new LatencyRecorder();
      merged.add(a);
      expect(summary(merged)).toEqual(before);
      // Changing the original leaves the merged copy as it was, and the other way round.
      a.record(5);
      expect(summary(merged)).toEqual(before);
      merged.add(filled(n, 1));
      const aAlone = filled(n);
      aAlone.record(5);
      expect(summary(a)).toEqual(summary(aAlone));
      // The merge equals recording both sets of values one by one into one recorder,
      // except the sum, whose float additions come in another order.
      const oneByOne = fill(filled(n), n, 1);
      const [, , ...rest] = summary(merged);
      const [, , ...expected] = summary(oneByOne);
      expect(rest).toEqual(expected);
      expect(merged.count).toBe(oneByOne.count);
      expect(merged.sum).toBeCloseTo(oneByOne.sum, 9);
    }
  });
});

describe('LatencyRecorder sum and max', () => {
  it('are the float sum in arrival order and the largest value, across buffer flushes, reads and merges', () => {
    const values = (n: number, seed: number): number[] => {
      let x = seed;
      return Array.from({ length: n }, () => {
        x = (x * 9301 + 0.49297) % 1;
        return 1e-4 + x * x * 0.3;
      });
    };
    const sequential = (vs: readonly number[]): number => vs.reduce((s, v) => s + v, 0);
    const a = new LatencyRecorder();
    const first = values(700, 0.37);
    // A read in the middle flushes; values after it must still add on in order.
    first.slice(0, 300).forEach((v) => a.record(v));
    expect(a.sum).toBe(sequential(first.slice(0, 300)));
    first.slice(300).forEach((v) => a.record(v));
    expect([a.count, a.sum, a.max]).toEqual([700, sequential(first), Math.max(...first)]);
    const b = new LatencyRecorder();
    const second = values(5, 0.81);
    second.forEach((v) => b.record(v));
    a.add(b);
    expect([a.count, a.sum, a.max]).toEqual([705, sequential(first) + sequential(second), Math.max(...first, ...second)]);
  });
});

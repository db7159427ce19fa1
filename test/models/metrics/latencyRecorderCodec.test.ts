import { describe, expect, it } from 'vitest';
import { LatencyRecorder } from '../../../src/models/metrics/latencyRecorder.js';

describe('LatencyRecorder encode/decode', () => {
  it('round-trips losslessly, survives structured cloning, and merges like the original', () => {
    const a = new LatencyRecorder();
    let x = 0.37;
    for (let i = 0; i < 20_000; i++) {
      x = (x * 9301 + 0.49297) % 1; // deterministic spread over several decades
      a.record(1e-4 + x * x * x * 3);
    }
    const copy = new LatencyRecorder(structuredClone(a.encode()));
    expect([copy.count, copy.sum, copy.max]).toEqual([a.count, a.sum, a.max]);
    for (const p of [0, 1, 50, 90, 99, 99.9, 100]) expect(copy.percentile(p)).toBe(a.percentile(p));
    // A decoded histogram still grows past its encoded range when merged into or recorded to.
    copy.record(500);
    expect(copy.percentile(100)).toBeCloseTo(500, 0);
    const merged = new LatencyRecorder();
    merged.add(copy);
    expect(merged.count).toBe(a.count + 1);
  });
});

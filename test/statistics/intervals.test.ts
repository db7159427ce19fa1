import { describe, expect, it } from 'vitest';
import { pairedDeltaCi95, type Estimates } from '../../src/statistics/intervals.js';

function estimates(mean: number, availability = 1): Estimates {
  return { availability, mean, p50: mean, p90: mean, p99: mean, p999: mean };
}

describe('pairedDeltaCi95', () => {
  it('is the paired-t interval of the per-replication differences', () => {
    // Differences 1, 2, 3: mean 2, sd 1, t(0.975, 2) = 4.302653 → half-width 4.302653/√3 = 2.484138.
    const base = [10, 20, 30].map((m) => estimates(m));
    const other = [11, 22, 33].map((m) => estimates(m));
    const ci = pairedDeltaCi95(base, other)!;
    expect(ci.mean![0]).toBeCloseTo(2 - 2.484138, 6);
    expect(ci.mean![1]).toBeCloseTo(2 + 2.484138, 6);
  });

  it('ignores what the pair shares: a constant shift is known exactly, however much the replications differ', () => {
    const base = [1, 50, 3, 900].map((m) => estimates(m));
    const ci = pairedDeltaCi95(base, base.map((e) => estimates(e.mean + 0.25)))!;
    expect(ci.mean).toEqual([0.25, 0.25]);
  });

  it('is not clipped: availability can fall', () => {
    // Differences −0.020, −0.020, −0.021: the whole interval is below zero (ci95Of would clip it to [0, …]).
    const ci = pairedDeltaCi95([0.99, 0.98, 0.995].map((a) => estimates(1, a)), [0.97, 0.96, 0.974].map((a) => estimates(1, a)))!;
    expect(ci.availability![0]).toBeLessThan(-0.02);
    expect(ci.availability![1]).toBeLessThan(0);
  });

  it('needs two pairs, and pairs only runs of the same replications', () => {
    expect(pairedDeltaCi95([estimates(1)], [estimates(2)])).toBeUndefined();
    expect(() => pairedDeltaCi95([estimates(1), estimates(2)], [estimates(1)])).toThrow(/2 baseline replications against 1/);
  });
});
